"""Turning retrieved passages and a model's draft into an Answer a learner can trust:
supported sentences kept, unsupported ones listed, numbered citations, and quotes in the
notes' own words. Pure given the checker, so tests can drive it directly."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from knowledge.answer_type import AnswerType, AnswerTypes, asked_for
from knowledge.types import Passage
from tutor.agent.events import Answer, Citation, Quote
from tutor.agent.faithfulness import FaithfulnessChecker, content_words, split_sentences
from tutor.agent.headings import as_checked, led_by_item
from tutor.agent.lead import (
    ABOUT_THE_EXCHANGE,
    ASKING,
    FALLBACK_LEAD,
    FALLBACK_NOTE,
    NOTES_LEAD,
    answers_the_question,
    specialist_terms,
)
from tutor.agent.lists import as_sentences, asked_list, missing_items
from tutor.agent.prompts import (
    LABEL_MARK,
    about_the_question,
    citations_of,
    without_labels,
    without_lead_in,
)
from tutor.language import dangles, words

UNSUPPORTED_OPEN, UNSUPPORTED_CLOSE = "⟦not in your notes: ", "⟧"
# Sentences in, one verdict each out: True/None keep the lexical check's support, False takes
# it away (tutor/agent/verify.py asks the voice itself).
SecondOpinion = Callable[[list[str]], list[bool | None]]

# When the check struck part of what the voice wrote, the sentences left are often the thin
# part of an answer ("it combines autoregressive and transformer models"): the notes' own
# sentence that best answers the question follows them, so the learner still gets the answer.
NOTES_WORDS_LEAD = "In your notes' words:"
NOTES_WORDS_NEW = 0.5
# ...and so does a kept answer too thin to teach anything: the small voice often writes one
# short sentence that restates the question. Replayed over 660 recorded dev answers, the
# three landing-33 changes together took key facts of the shown answers from 963 to 974 of
# 1,465 (none lost); a limit of 10 words added more unrelated quotes than facts.
THIN_WORDS = 6


@dataclass(frozen=True)
class Sentence:
    """One sentence of the shown answer: its text, whether the notes back it, the passage
    numbers (1-based, as in the prompt) it rests on, and where it comes from: "notes" (the
    model answering from the passages, checked) or "beyond_notes" (its own knowledge,
    unchecked: only with --beyond-notes, for a question the notes don't cover)."""

    text: str
    supported: bool
    cites: tuple[int, ...]
    source: str = "notes"

# Words that answer a yes/no question: "No, BERT is not autoregressive like GPT." repeats the
# question's words but answers it.
POLARITY = frozenset(["yes", "no", "not", "never", "n't"])



def says_something(sentence: str, asked: set[str] | frozenset[str], question: str = "") -> bool:
    """Whether a draft sentence makes a claim: not an echo of the question, not a remark on
    the exchange, and not a passage label copied from the prompt ("note › section"). A
    sentence that answers yes or no to the question makes one, whatever words it repeats; one
    that stops on "is" or "the" ("The library to install is.") left its claim out."""
    if LABEL_MARK in sentence or dangles(sentence) or about_the_question(sentence):
        return False  # a label copied from the prompt, a sentence missing its answer, or one
        # about the question itself
    answers = (POLARITY & set(words(sentence.replace("n't", " n't")))) - set(words(question))
    return bool(content_words(sentence) - asked) or bool(question and answers)


def usable(passages: Sequence[Passage]) -> list[Passage]:
    """Relevant passages with text (outline-only sections excluded)."""
    return [p for p in passages if p.relevant and not p.empty and p.text.strip()]


EXTRACT_MAX, EXTRACT_MIN, EXTRACT_CHARS, EXTRACT_MARGIN = 4, 2, 600, 0.2


def extractive(question: str, passages: Sequence[Passage], checker: FaithfulnessChecker) -> str:
    """The first passage's 2-4 sentences that best answer the question, in the notes' order,
    cited [1]. Retrieval's first passage is its best guess, so the answer stays with it rather
    than mixing the best-scoring sentences of weaker ones. (Landing 26 let a later passage with
    a clearly better sentence speak instead; over the 95 distinct fallbacks of every recorded
    run that found 63 key facts against the first passage's 66, and lost 4 on a fresh test.)"""
    ranked = checker.ranked_sentences(question, passages[0].text)
    if not ranked:
        text = passages[0].text.strip()
        return f"{text[:EXTRACT_CHARS]} [1]" if text else ""
    # A lead-in ("Here are the main types:") says nothing without its list: rank it last.
    ranked = sorted(ranked, key=lambda r: r[1].rstrip().endswith(":"))
    best = ranked[0][2]
    kept: list[tuple[int, str, float]] = []
    for pos, sent, score in ranked:
        if len(kept) >= EXTRACT_MAX:
            break
        if len(kept) >= EXTRACT_MIN and (
            score < best - EXTRACT_MARGIN
            or sum(len(s) for _, s, _ in kept) + len(sent) > EXTRACT_CHARS
        ):
            break
        kept.append((pos, sent, score))
    return led_by_item(passages[0].section, " ".join(s for _, s, _ in sorted(kept))) + " [1]"


def _fact_left_out(
    question: str, said: str, shown: Sequence[Passage], checker: FaithfulnessChecker
) -> tuple[int, str] | None:
    """For a question after a date or a figure ("in which year were GANs introduced?") whose answer
    states none, though a passage does beside its subject: that passage's index and its
    sentence that states it. The small voice quotes "GANs came out, which was a huge
    game-changer" and leaves "In 2014" behind."""
    asked = asked_for(question)
    if asked is None or asked.kind not in (AnswerType.DATE, AnswerType.QUANTITY):
        return None
    facts = AnswerTypes(p.text for p in shown)
    if facts.states(asked, said):
        return None
    for i, p in enumerate(shown):
        for _, sentence, _ in checker.ranked_sentences(question, p.text):
            if facts.states(asked, sentence, heading=p.section):
                return i, sentence
    return None


def _quotes(
    query: str,
    passages: Sequence[Passage],
    checker: FaithfulnessChecker,
    first: int = 0,
    shown: str = "",
) -> list[Quote]:
    """The best sentence of passage `first` (the answer's main source), then the best one of
    any other passage, so the learner sees the notes' own words for what the answer rests on;
    none the answer already quotes (`shown`)."""
    quotes: list[Quote] = []
    main = passages[first]
    ranked = [r for r in checker.ranked_sentences(query, main.text) if r[1] not in shown]
    if ranked:
        quotes.append(Quote(main.note, main.section, ranked[0][1]))
    elif not shown:
        quotes.append(Quote(main.note, main.section, main.text.strip()[:240]))
    others = [i for i in range(len(passages)) if i != first]
    picks = checker.best_sentences(query, [passages[i].text for i in others], n=1)
    quotes += [Quote(passages[others[i]].note, passages[others[i]].section, s)
               for i, s, _ in picks if s not in shown]
    return [q for q in quotes if q.text]


def _notes_words(
    question: str,
    shown: Sequence[Passage],
    first: int,
    kept: Sequence[Sentence],
    checker: FaithfulnessChecker,
    named: bool = False,
) -> str:
    """The one or two sentences of the answer's main passage that best answer the question,
    in the notes' order: about something the question names, not a lead-in, not the
    question's own words back ("Input: 'Write a poem'"), and not what the kept sentences
    already say. With `named` (a thin answer, nothing struck), only a sentence that names a
    specialist's term of the question ("GANs", "RLHF") is worth adding."""
    topic = content_words(question) - ABOUT_THE_EXCHANGE - ASKING
    if named:
        topic = specialist_terms(question) & topic
    asked = content_words(question) | ABOUT_THE_EXCHANGE
    said = set().union(*(content_words(s.text) for s in kept))
    picks = [
        (pos, sent, score)
        for pos, sent, score in checker.ranked_sentences(question, shown[first].text)
        if not sent.rstrip().endswith(":")
        and topic & content_words(sent)
        and len(content_words(sent) - asked) >= 2
        and len(content_words(sent) - said) >= NOTES_WORDS_NEW * len(content_words(sent))
    ]
    if not picks:
        return ""
    best = picks[0][2]
    picks = [p for p in picks[:2] if p[2] >= best - EXTRACT_MARGIN]
    return " ".join(sent for _, sent, _ in sorted(picks))


def _thin(question: str, kept: Sequence[Sentence]) -> bool:
    """Whether what the check kept says little beyond the question's own words ("VAEs
    generate images, while GANs create high-quality images" for how their approaches
    differ): fewer than THIN_WORDS content words the question does not hold."""
    said = set().union(*(content_words(s.text) for s in kept))
    return len(said - content_words(question)) < THIN_WORDS


def _cites_first(text: str) -> str:
    """Move citation marks written after a sentence's full stop ("… quality. [1]") before it,
    so each sentence keeps its own marks when the text is split."""
    return re.sub(
        r"([.!?])((?:\s*\[\d{1,2}(?:\s*[,;]\s*\d{1,2})*\])+)",
        lambda m: m.group(2) + m.group(1),
        text,
    )


def marked_text(sentences: Sequence[Sentence]) -> str:
    """The shown answer as plain text: supported sentences with their [n] marks, unsupported
    ones kept in place and visibly marked (never silently dropped or swapped)."""
    parts = []
    for s in sentences:
        cites = "".join(f"[{n}]" for n in s.cites)
        if s.supported:
            parts.append(f"{s.text} {cites}".strip())
        else:
            parts.append(f"{UNSUPPORTED_OPEN}{s.text}{UNSUPPORTED_CLOSE}")
    return " ".join(parts)


def _once(pieces: list[tuple[str, tuple[int, ...]]]) -> list[tuple[str, tuple[int, ...]]]:
    """Each sentence of a draft once: a small voice sometimes says the same one twice."""
    seen: set[str] = set()
    out = []
    for text, cites in pieces:
        key = " ".join(text.lower().split())
        if key not in seen:
            seen.add(key)
            out.append((text, cites))
    return out


def compose(
    question: str,
    draft: str,
    passages: Sequence[Passage],
    checker: FaithfulnessChecker,
    timings: dict | None = None,
    *,
    named_empty: Passage | None = None,
    second_opinion: SecondOpinion | None = None,
) -> Answer:
    """The checked Answer for `draft` (the model's words, or "" for extractive-only).

    Every sentence is checked against the passages (the ones it cites first). The shown text
    keeps the model's sentences in order: supported ones with their citations, unsupported
    ones marked. If nothing the model said is backed, the notes' own sentences are shown
    instead, and the answer says so. `named_empty` is an outline-only section that retrieval
    ranked above every passage with text: the answer says the notes name it but say nothing
    under it, and cites it last."""
    shown = list(passages)
    if not shown:
        raise ValueError("compose needs at least one usable passage")
    texts = [as_checked(p.section, p.text) for p in shown]
    pieces = [
        (without_lead_in(text), cites)
        for text, cites in map(
            citations_of, split_sentences(_cites_first(without_labels(draft, shown)))
        )
    ]
    pieces = _once(pieces)
    asked = content_words(question) | ABOUT_THE_EXCHANGE
    sentences: list[Sentence] = []
    checkable = [(t, c) for t, c in pieces if says_something(t, asked, question)]
    echoes = [t for t, c in pieces if not says_something(t, asked, question)]
    verdicts = checker.check([t for t, _ in checkable], texts)
    backed = [v.supported for v in verdicts]
    if second_opinion is not None and any(backed):
        asked_of = [i for i, ok in enumerate(backed) if ok]
        for i, said in zip(asked_of, second_opinion([checkable[i][0] for i in asked_of]),
                           strict=False):
            backed[i] = said is not False  # only a plain "no" takes support away
    for (text, cited), v, ok in zip(checkable, verdicts, backed, strict=True):
        valid = tuple(n for n in cited if 1 <= n <= len(shown))
        cites = valid if ok and (v.passage + 1) in valid else (v.passage + 1,)
        sentences.append(Sentence(text, ok, cites if ok else ()))
    supported = [s for s in sentences if s.supported]
    unsupported = [s.text for s in sentences if not s.supported] + echoes
    note = quoted = ""
    listed, items = asked_list(question, shown)  # a question after a short list's members
    if supported:
        body = marked_text(sentences)
        order = [n - 1 for s in supported for n in s.cites]
        if listed >= 0 and missing_items(items, body):
            quoted = as_sentences(items)  # every member, not the one or two the voice named
            body += f"\n\n{NOTES_WORDS_LEAD} {quoted} [{listed + 1}]"
            order.append(listed)
        elif fact := _fact_left_out(question, body, shown, checker):
            listed, quoted = fact  # the year or figure asked for, which the voice left out
            body += f"\n\n{NOTES_WORDS_LEAD} {quoted} [{listed + 1}]"
            order.append(listed)
        elif len(supported) < len(sentences) or _thin(question, supported):
            quoted = _notes_words(question, shown, order[0], supported, checker,
                                  named=len(supported) == len(sentences))
            quoted = led_by_item(shown[order[0]].section, quoted)
            if quoted:
                body += f"\n\n{NOTES_WORDS_LEAD} {quoted} [{order[0] + 1}]"
    else:  # nothing the model said is backed: let the notes speak, and say so
        body = quoted = (
            f"{as_sentences(items)} [{listed + 1}]" if listed >= 0
            else extractive(question, shown, checker))  # the quotes don't repeat it
        claim, cited = citations_of(body)
        order = [cited[0] - 1] if cited else [0]
        sentences = [Sentence(claim, True, cited)] if body else []
        if draft.strip():
            note = FALLBACK_NOTE
    quotes = _quotes(f"{question} {body}", shown, checker, first=order[0], shown=quoted)
    order += [
        i for q in quotes for i, p in enumerate(shown) if (p.note, p.section) == (q.note, q.section)
    ]
    seen: set[tuple[str, str]] = set()
    citations = []
    for i in order:  # the answer's sources first, in the order it uses them, then the quotes'
        key = (shown[i].note, shown[i].section)
        if key not in seen:
            seen.add(key)
            citations.append(Citation(i + 1, *key))
    if named_empty is not None and (named_empty.note, named_empty.section) not in seen:
        title = named_empty.section.split(" › ")[-1]
        body += (
            f" (The notes also name “{title}” ({named_empty.note}) but say nothing under it yet.)"
        )
        citations.append(Citation(len(shown) + 1, named_empty.note, named_empty.section))
    if note:
        named = listed >= 0 or answers_the_question(question, body, shown, checker)
        lead = NOTES_LEAD if named else FALLBACK_LEAD
        body = f"{lead} {body}\n\n{note}"
    return Answer(
        body,
        citations,
        quotes,
        unsupported,
        dict(timings or {}),
        grounded=not unsupported or not supported,
        draft=draft,
        sentences=[asdict(s) for s in sentences],
    )
