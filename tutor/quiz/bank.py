"""The question bank: quiz items built from note chunks, reproducibly.

Same notes -> same items, same ids, same distractors (seeded by the item id), so progress
stored against an id survives a rebuild. Every answer is the note's own words.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from knowledge.types import Chunk
from tutor.language import content_stems, content_words, plain, stem
from tutor.quiz.items import Item, Kind
from tutor.quiz.parse import LABEL_QUESTIONS, Entry, heading_entry, heading_term, parse_chunk
from tutor.quiz.sections import SectionConcepts
from tutor.quiz.textnorm import normalize
from tutor.quiz.weights import document_frequencies, idf_weights

_NON_DEFINITIONAL = re.compile(
    r"applicat|benefit|challenge|advantage|limitation|future|ethic|concern|area|tool|framework|"
    r"librar|environment|platform|takeaway|industr|course|practice|histor|context|milestone",
    re.I,
)
# Reading lists and course links: facts about resources, not about generative AI.
_SKIP_SECTIONS = re.compile(r"learning path|resources|\bcourses\b|\bbooks\b|industry updates", re.I)
_STEPS = re.compile(r"\b(?:works?|workflow|stages?|process|steps?)\b", re.I)
_EXAMPLES = re.compile(r"\(?\s*e\.g\.,?[^)]*\)?|\(for [^)]*\)", re.I)
# Words that point at a picture the learner cannot see in a terminal ("Dotted lines in the
# image represent ___", "denoted as Nx in the image", "shown below", "Figure 1.1"): an item
# built on them cannot be answered from the words alone, so it is never made.
_VISUAL = r"(?:image|figure|fig\.|diagram|picture|illustration|chart|graph|drawing|screenshot)s?"
_FIGURE = re.compile(
    r"\b(?:in|on|from|of) (?:the|this|that|each|above|below|following|provided) "
    r"(?:\w+ )?" + _VISUAL + r"(?!\w)"
    r"|\b(?:figure|fig\.)\s*\d"
    r"|\b(?:dotted|dashed) (?:lines?|arrows?|boxes?|borders?|curves?)\b"
    r"|\b(?:shown|pictured|depicted|illustrated|drawn|marked) (?:above|below|here)\b"
    r"|\b(?:image|figure|diagram|picture) (?:above|below)\b",
    re.I,
)
_ASIDES = re.compile(r"\s*\([^()]*\)")
# clause breaks; "using ..." starts a clause of its own (how, not what: it weighs less)
_SPLIT = re.compile(
    r"\s*(?:[;:(),\u2014\u2013]|\s-\s|\bwhich\b|\bwhere\b|\bwhile\b|(?=\busing\b))\s*", re.I
)


def item_id(note: str, section: str, kind: str, answer: str) -> str:
    """Stable across rebuilds: depends only on where the answer lives and what it is."""
    key = "\x1f".join((note, section, kind, normalize(answer)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def key_facts(reference: str, question: str = "") -> list[str]:
    """The reference split into short clauses a good answer should cover.

    Examples ("e.g. ...") are dropped; a run of one-word items (an enumeration like "text,
    images, music") is an illustration and dropped too unless it is the whole answer; words
    the question already gives away do not count.
    """
    asked = {stem(w) for w in content_words(question)}
    text = _EXAMPLES.sub(" ", reference)
    bare = _ASIDES.sub("", text)
    # asides in brackets ("real (from the training set)") are glosses, not facts of their own
    if len([w for w in content_words(bare) if stem(w) not in asked]) >= 2:
        text = bare
    parts: list[tuple[str, int]] = []
    for part in _SPLIT.split(text):
        part = re.sub(r"^(?:and|or)\s+", "", re.sub(r"\s+", " ", part.strip(" .,\"'“”?")))
        n = len([w for w in content_words(part) if stem(w) not in asked])
        if n:
            parts.append((part, n))
    facts: list[str] = []
    run: list[str] = []
    long_parts = any(n > 2 for _, n in parts)
    for part, n in [*parts, ("", 99)]:
        if n == 1:
            run.append(part)
            continue
        if len(run) >= 3 and long_parts:
            pass  # an enumeration illustrating a longer fact
        elif run and facts and long_parts:
            facts[-1] = f"{facts[-1]}, {', '.join(run)}"
        else:
            facts.extend(run)
        run = []
        if part:
            facts.append(part)
    # "Dotted lines in the image represent ...": about the figure, not the idea
    unique = [f for f in dict.fromkeys(facts) if not _FIGURE.search(f)]
    return unique or [reference.strip()]


def _plural(term: str) -> bool:
    bare = re.sub(r"\s*\([^)]*\)", "", term).strip()
    return bare.lower().endswith("s") and not bare.lower().endswith(("ss", "sis", "us"))


def _mask(text: str, term: str) -> str:
    names = {term, re.sub(r"\s*\([^)]*\)", "", term).strip()}
    names |= set(re.findall(r"\(([^)]+)\)", term))
    for acronym in re.findall(r"^[A-Z][A-Za-z-]*s?$", term):
        text = re.sub(r"(?:\b[A-Z][\w-]*\s+){1,4}\(" + re.escape(acronym) + r"\)", "_____", text)
    for name in sorted((n for n in names if len(n) >= 3), key=len, reverse=True):
        text = re.sub(re.escape(name), "_____", text, flags=re.I)
    return text


class _Builder:
    def __init__(self) -> None:
        self.items: dict[str, Item] = {}

    def add(
        self,
        chunk: Chunk,
        kind: Kind,
        question: str,
        answer: str,
        quote: str,
        concept: str,
        *,
        choices: Sequence[str] = (),
        facts: Sequence[str] = (),
        siblings: Sequence[str] = (),
    ) -> str | None:
        if any(_FIGURE.search(text) for text in (question, answer, *facts)):
            return None  # it would ask about a picture the learner cannot see
        iid = item_id(chunk.note, chunk.section, kind, answer)
        if iid not in self.items:
            self.items[iid] = Item(
                id=iid,
                concept=concept,
                kind=kind,
                question=question,
                choices=list(choices),
                answer=answer,
                key_facts=list(facts),
                note=chunk.note,
                section=chunk.section,
                quote=quote,
                siblings=tuple(siblings),
            )
        return iid


# Section kinds whose entries are not definitions, each with a question that reads naturally.
_ASPECT_QUESTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"histor|context|milestone|evolution", re.I), "What part did {t} play in {h}?"),
    (re.compile(r"takeaway|summary", re.I), "What are the key takeaways about {t}?"),
    (
        re.compile(r"benefit|advantage|challenge|limitation|ethic|concern|future|risk", re.I),
        "Why is {t} listed under “{h}”?",
    ),
    (
        re.compile(r"applicat|area|industr|use case|domain", re.I),
        "What can generative AI do in {t}?",
    ),
    (re.compile(r"tool|framework|librar|environment|platform", re.I), "What is {t} used for?"),
)


def _free_question(entry: Entry, chunk: Chunk) -> str:
    head = heading_term(chunk.path[-1]) if chunk.path else chunk.note
    if entry.style == "label":
        return LABEL_QUESTIONS[entry.label].format(x=head)
    if _STEPS.search(head) and not _NON_DEFINITIONAL.search(head):
        return f"In “{head}”, what happens in the step “{entry.term}”?"
    if entry.style == "def" or _NON_DEFINITIONAL.search(head):
        for pattern, template in _ASPECT_QUESTIONS:
            if pattern.search(head):
                return template.format(t=f"“{entry.term}”", h=_history_of(head, pattern))
    if _NON_DEFINITIONAL.search(head) or entry.style != "def":
        return f"{head}: what do the notes say about “{entry.term}”?"
    return f"What {'are' if _plural(entry.term) else 'is'} {entry.term}?"


def _history_of(head: str, pattern: re.Pattern[str]) -> str:
    """'Historical Context' reads as 'the history of generative AI'; other heads stay."""
    return "the history of generative AI" if "histor" in pattern.pattern else head


def _mcq_question(entry: Entry, chunk: Chunk) -> str:
    head = heading_term(chunk.path[-1]) if chunk.path else chunk.note
    desc = _mask(entry.text, entry.term)
    if entry.style == "example":
        return f"Which {entry.label.lower() or 'one'} has these examples: “{desc}”?"
    if _STEPS.search(head) and not _NON_DEFINITIONAL.search(head):
        return f"Which step of “{head}” is this: “{desc}”?"
    what = entry.label.lower() if entry.label else "term"
    return f"Which {what} matches this description: “{desc}”?"


def _distractors(
    entry: Entry, pool: Sequence[tuple[int, Entry]], seed: str, k: int = 3
) -> list[str]:
    """Up to k sibling terms: same list first, then the nearest sections; seeded, so stable."""
    answer = normalize(entry.term)
    rng = random.Random(int(seed, 16))
    ranked = sorted(pool, key=lambda p: (-p[0], rng.random()))
    seen: set[str] = {answer}
    options: list[str] = []
    for _, other in ranked:
        key = normalize(other.term)
        if key in seen or not key or answer in key or key in answer:
            continue
        seen.add(key)
        options.append(other.term)
    return options[:k]


def _shared(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _merge_parts(chunks: Sequence[Chunk]) -> list[Chunk]:
    """A long section the chunker split in parts, joined again: its list of six is one list,
    not two lists of three, and its siblings see each other."""
    out: list[Chunk] = []
    for chunk in chunks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and chunk.part > 0
            and (prev.note, prev.path) == (chunk.note, chunk.path)
        ):
            text = f"{prev.text.rstrip()}\n{chunk.text.lstrip(chr(10))}"
            out[-1] = replace(prev, text=text, line_end=chunk.line_end)
        else:
            out.append(chunk)
    return out


def build_bank(chunks: Sequence[Chunk]) -> list[Item]:
    """Every item the notes support, in a stable order (notes, then position in the note)."""
    builder = _Builder()
    sections = SectionConcepts(chunks)
    located: list[tuple[Chunk, Entry]] = []
    groups: dict[str, list[Entry]] = {}
    by_note: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
    ordered = _merge_parts(
        sorted(
            (c for c in chunks if not c.empty and not _SKIP_SECTIONS.search(c.section)),
            key=lambda c: (c.note, c.line_start, c.part),
        )
    )
    found_by_chunk = []
    for chunk in ordered:
        found = parse_chunk(chunk)
        head = heading_entry(chunk, f"{chunk.note}|{' › '.join(chunk.path[:-1])}|heads")
        entries = ([head] if head else []) + found.entries
        seen: set[tuple[str, str]] = set()
        for entry in entries:
            key = (entry.term.lower(), normalize(entry.text))
            if key in seen:
                continue
            seen.add(key)
            located.append((chunk, entry))
            groups.setdefault(entry.group, []).append(entry)
            if entry.style != "label":
                by_note.setdefault(chunk.note, []).append((chunk.path, entry))
        found_by_chunk.append((chunk, found))

    for chunk, entry in located:
        siblings = [e for e in groups[entry.group] if e is not entry and e.style == entry.style]
        concept = sections.concept(
            chunk, entry.term if entry.style != "label" else heading_term(chunk.path[-1])
        )
        if entry.style in ("def", "label"):
            question = _free_question(entry, chunk)
            builder.add(
                chunk,
                "free",
                question,
                entry.text,
                entry.quote,
                concept,
                facts=key_facts(entry.text, question),
                siblings=[s.text for s in siblings],
            )
        if entry.style == "label":
            continue
        seed = item_id(chunk.note, chunk.section, "mcq", entry.term)
        pool = [(99, e) for e in siblings]
        if len(siblings) < 3:
            pool += [
                (_shared(path, chunk.path), e)
                for path, e in by_note.get(chunk.note, [])
                if e.style == entry.style and e is not entry and e.group != entry.group
            ]
        wrong = _distractors(entry, pool, seed)
        if len(wrong) >= 2:
            choices = [entry.term, *wrong]
            random.Random(int(seed, 16) + 1).shuffle(choices)
            builder.add(
                chunk,
                "mcq",
                _mcq_question(entry, chunk),
                entry.term,
                entry.quote,
                concept,
                choices=choices,
                facts=[entry.term],
            )

    for chunk, found in found_by_chunk:
        head = heading_term(chunk.path[-1]) if chunk.path else chunk.note
        for group in found.lists:
            title = group.title or head
            n = len(group.members)
            noun = "entries" if group.title else "items"
            question = f"Name the {n} {noun} the notes list under “{title}”."
            if group.title and title != head:
                question = f"“{head}”: name the {n} entries listed under “{title}”."
            builder.add(
                chunk,
                "list",
                question,
                "; ".join(group.members),
                group.quote,
                sections.concept(chunk, title),
                facts=list(group.members),
            )
        for cloze in found.clozes:
            builder.add(
                chunk,
                "cloze",
                f"Fill in the blank: {cloze.sentence}",
                cloze.term,
                cloze.quote,
                sections.concept(chunk, cloze.term),
                facts=[cloze.term],
            )

    df, n = document_frequencies(plain(c.text) for c in ordered)
    return [_weighted(item, df, n) for item in _one_per_question(builder.items.values())]


def question_keys(question: str) -> set[tuple[str, ...]]:
    """What a question asks, for spotting repeats: case, punctuation, articles and bracketed
    asides ignored, and an acronym read as the words it abbreviates, so "What is Feed
    Forward NN?" and "What is Feed Forward Neural Network (NN)?" share a key."""
    plain = normalize(re.sub(r"\s*\([^)]*\)", "", question)).split()
    keys = {tuple(plain)}
    acronyms = {a.lower() for a in re.findall(r"\b[A-Z]{2,}\b", question)}
    if plain and plain[-1] in acronyms:  # ends in an acronym: "... Feed Forward NN"
        keys.add((*plain[:-1], "=" + plain[-1]))
    m = re.search(r"\(([A-Z]{2,})\)\W*$", question)  # words, then their acronym: "... (NN)?"
    if m:
        short, before = m.group(1).lower(), normalize(question[: m.start()]).split()
        words = before[-len(short):]
        if len(words) == len(short) and all(w[0] == c for w, c in zip(words, short, strict=True)):
            keys.add((*before[: -len(short)], "=" + short))
    return keys


def _one_per_question(items: Iterable[Item]) -> list[Item]:
    """The bank asks each thing once: of items of one kind that ask the same question
    (the same term defined in several notes, or one section repeating a heading), the
    first in note order is kept."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    kept = []
    for item in items:
        keys = {(item.kind, k) for k in question_keys(item.question)}
        if keys & seen:
            continue
        seen |= keys
        kept.append(item)
    return kept


def _weighted(item: Item, df: Mapping[str, int], n: int) -> Item:
    """The item with IDF weights for the words of its answer (what the grader weighs)."""
    stems = content_stems(" ".join([item.answer, *item.key_facts]))  # plain stems, as in df
    return replace(item, weights=tuple(sorted(idf_weights(df, n, stems).items())))
