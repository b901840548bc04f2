"""Read the shapes teachers write in notes: "Term: definition" lines, term headings with a
first sentence, tables with a description column, short lists, and bold key terms in prose.

Pure functions over one chunk's text; the bank turns what they find into quiz items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.types import Chunk
from tutor.language import plain, sentences

_LIST = re.compile(r"^(?P<indent>\s*)(?:[-*•+]|\d{1,2}[.)]|[a-z][.)])\s+(?P<body>.+)$")
_TERM_DEF = re.compile(r"^(?P<term>[^:]{2,70}?)\s*:\s+(?P<def>\S.+)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LEAD_BOLD = re.compile(r"^>?\s*\*\*(?P<term>[^*]{2,70})\*\*\s+(?P<verb>is|are|refers to)\s+")
_NUMBERING = re.compile(r"^(?:\d{1,2}|[a-z])[.)]\s+")
_QUESTION_HEAD = re.compile(r"^(?:what\s+(?:is|are)|definition\s+of)\s+(?P<term>.+?)\??$", re.I)
_ASIDE = re.compile(
    r"\s*\((?:[^)]*\b(?:left|right|side|bottom|top|again|final)\b[^)]*|early \d{4}s)\)", re.I
)

# Labels in "Label: text" lines that are not terms. Two of them become questions about
# the section's subject; the rest are asides (analogies, examples) the bank skips.
LABEL_QUESTIONS = {
    "how they work": "How do {x} work?",
    "where they are used": "Where are {x} used?",
}
SKIP_LABELS = {
    "applications",
    "examples",
    "example",
    "use case",
    "real-world example",
    "simple analogy",
    "input",
    "model",
    "output",
    "blogs",
    "note",
    "summary",
    "in short",
    "courses",
    "books",
}
GENERIC_TERMS = {
    "goal",
    "based on",
    "key examples",
    "main use",
    "challenge",
    "output",
    "data",
    "example",
    "aspect",
    "input",
    "model",
}
# Bold spans too vague to be the one right answer of a cloze.
VAGUE = {"text", "images", "audio", "videos", "music", "code", "video", "image", "new data"}


@dataclass(frozen=True)
class Entry:
    """A term and what the note says about it, plus the group its siblings share."""

    term: str
    text: str
    quote: str
    group: str
    style: str = "def"  # def | label | example
    label: str = ""


@dataclass(frozen=True)
class ListGroup:
    """A short list the learner can be asked to name (training stages, model families)."""

    title: str
    members: tuple[str, ...]
    quote: str
    group: str


@dataclass(frozen=True)
class Cloze:
    sentence: str
    term: str
    quote: str


@dataclass
class Found:
    entries: list[Entry] = field(default_factory=list)
    lists: list[ListGroup] = field(default_factory=list)
    clozes: list[Cloze] = field(default_factory=list)


def heading_term(title: str) -> str:
    """'a. Basic VAE' -> 'Basic VAE'; 'What Are VAEs?' -> 'VAEs'."""
    title = _NUMBERING.sub("", plain(title)).strip().rstrip(":")
    m = _QUESTION_HEAD.match(title)
    return (m.group("term") if m else title).strip().rstrip("?").strip()


def _clean_term(term: str) -> str:
    return _ASIDE.sub("", _NUMBERING.sub("", plain(term))).strip().rstrip(":").strip()


def _looks_like_term(term: str) -> bool:
    """'Latent Space', 'Bias and Fairness', 'Early work': yes; 'Consists of two networks': no."""
    words = re.sub(r"\([^)]*\)", "", term).split()
    if not words or len(words) > 7:
        return False
    return len(words) <= 2 or all(
        w[0].isupper() or len(w) <= 3 or not w[0].isalpha() for w in words
    )


def parse_chunk(chunk: Chunk) -> Found:
    """Everything quizzable in one chunk."""
    found = Found()
    lines = chunk.text.splitlines()
    base = f"{chunk.note}|{chunk.section}"
    _parse_lists(lines, base, found)
    _parse_tables(lines, base, found)
    _parse_lead_bold(lines, base, found)
    _parse_clozes(lines, found)
    return found


def _parse_lists(lines: list[str], base: str, found: Found) -> None:
    """List lines grouped by parent; 'Term: def' bullets and term bullets with a child."""
    rows: list[tuple[int, str, int]] = []  # (indent, cleaned body, parent row index)
    stack: list[int] = []
    for raw in lines:
        m = _LIST.match(raw.replace("\t", "    "))
        if not m:
            if raw.strip() and not raw.startswith((" ", "\t")):
                stack = []  # prose at the margin ends any list
            continue
        indent = len(m.group("indent"))
        while stack and rows[stack[-1]][0] >= indent:
            stack.pop()
        parent = stack[-1] if stack else -1
        rows.append((indent, plain(m.group("body")), parent))
        stack.append(len(rows) - 1)

    children: dict[int, list[int]] = {}
    for i, (_, _, parent) in enumerate(rows):
        children.setdefault(parent, []).append(i)

    for parent, kids in children.items():
        group = f"{base}|list{parent}"
        members: list[str] = []
        for i in kids:
            body = rows[i][1]
            m = _TERM_DEF.match(body)
            sub = children.get(i, [])
            if m and _looks_like_term(_clean_term(m.group("term"))):
                term = _clean_term(m.group("term"))
                key = term.lower()
                text = m.group("def").strip()
                if key in LABEL_QUESTIONS:
                    found.entries.append(Entry(term, text, body, group, "label", key))
                elif key not in SKIP_LABELS and key not in GENERIC_TERMS and not text.endswith(":"):
                    found.entries.append(Entry(term, text, body, group))
                    members.append(term)
            elif sub and len(body.split()) <= 7:
                first = rows[sub[0]][1]
                term = _clean_term(body)
                if not _TERM_DEF.match(first) and term.lower() not in SKIP_LABELS:
                    text = sentences(first)[0] if sentences(first) else first
                    found.entries.append(Entry(term, text, f"{body.rstrip(':')}: {first}", group))
                members.append(term)
            elif len(body.split()) <= 8 and not body.endswith(":"):
                members.append(body.rstrip("."))
        if 3 <= len(members) <= 7 and len(members) == len(kids):
            title = rows[parent][1] if parent >= 0 else ""
            found.lists.append(
                ListGroup(_clean_term(title), tuple(members), "; ".join(members), group)
            )


def _cells(line: str) -> list[str]:
    return [plain(c).strip() for c in line.strip().strip("|").split("|")]


def _parse_tables(lines: list[str], base: str, found: Found) -> None:
    """Tables whose second column describes or exemplifies the first."""
    block: list[str] = []
    for raw in [*lines, ""]:
        if raw.strip().startswith("|"):
            block.append(raw)
            continue
        if len(block) >= 3:
            _table(block, f"{base}|table{len(found.lists)}{len(found.entries)}", found)
        block = []


def _table(block: list[str], group: str, found: Found) -> None:
    header = _cells(block[0])
    rows = [_cells(r) for r in block[1:] if not re.fullmatch(r"[\s|:\-]+", r)]
    if len(header) < 2 or not rows:
        return
    col = header[1].lower()
    if re.search(r"descr|defin|meaning|purpose", col):
        style = "def"
    elif re.search(r"example", col):
        style = "example"
    else:
        return  # a comparison table: a cell means nothing without its column
    members: list[str] = []
    for cells in rows:
        if len(cells) < 2 or not cells[0] or not cells[1]:
            continue
        term = _clean_term(cells[0])
        if term.lower() in GENERIC_TERMS:
            continue
        members.append(term)
        found.entries.append(Entry(term, cells[1], f"{term}: {cells[1]}", group, style, header[0]))
    if 3 <= len(members) <= 7:
        found.lists.append(ListGroup(header[0], tuple(members), "; ".join(members), group))


def _parse_lead_bold(lines: list[str], base: str, found: Found) -> None:
    """'**Generative AI** is a branch of ...' at the start of a prose line or quote."""
    for raw in lines:
        label = _TERM_DEF.match(plain(raw.strip()))
        if (
            label
            and not _LIST.match(raw)
            and label.group("term").strip().lower() in LABEL_QUESTIONS
        ):
            key = label.group("term").strip().lower()
            text = label.group("def").strip()
            found.entries.append(Entry(key, text, text, f"{base}|label", "label", key))
            continue
        m = _LEAD_BOLD.match(raw.strip())
        if not m:
            continue
        first = sentences(plain(raw.strip().lstrip("> ")))
        if first and len(first[0].split()) >= 6:
            term = _clean_term(m.group("term"))
            found.entries.append(Entry(term, first[0], first[0], f"{base}|lead"))


def _parse_clozes(lines: list[str], found: Found) -> None:
    """Sentences with one or two bold key terms; one term is blanked."""
    for raw in lines:
        if raw.strip().startswith("|"):
            continue
        body = _LIST.match(raw)
        text = body.group("body") if body else raw.strip().lstrip("> ")
        for sent in sentences(text):
            spans = _BOLD.findall(sent)
            clean = plain(sent)
            if not 1 <= len(spans) <= 2 or len(clean.split()) < 8:
                continue
            terms = [plain(s).strip(" :") for s in spans]
            ok = [
                t
                for t in terms
                if 3 <= len(t) <= 40
                and len(t.split()) <= 5
                and t.lower() not in VAGUE
                and clean.count(t) == 1
            ]
            if not ok or clean.startswith(tuple(f"{t}:" for t in terms)):
                continue
            term = max(ok, key=lambda t: (len(t.split()), len(t)))
            if len(clean.split()) - len(term.split()) < 6:
                continue
            found.clozes.append(Cloze(clean.replace(term, "_____", 1), term, clean))


def heading_entry(chunk: Chunk, parent_group: str) -> Entry | None:
    """A heading that names a term its body then defines ('## Embeddings': 'Embeddings are')."""
    if not chunk.path or chunk.empty or chunk.part:
        return None
    term = heading_term(chunk.path[-1])
    if not term or len(term.split()) > 7 or term.lower() in SKIP_LABELS:
        return None
    for raw in chunk.text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("|", "<", "```", "#")):
            continue
        m = _LIST.match(raw)
        body = plain(m.group("body") if m else line.lstrip("> "))
        label = _TERM_DEF.match(body)
        if label and _looks_like_term(_clean_term(label.group("term"))):
            return None  # a "Term: def" list or a labelled aside, not a definition of the heading
        first = sentences(body)[0] if sentences(body) else body
        return _heading_def(term, first, parent_group)
    return None


def _heading_def(term: str, first: str, group: str) -> Entry | None:
    words = first.split()
    if len(words) < 5:
        return None
    acronym = re.search(r"\(([A-Za-z-]+)\)", term)
    names = {term.lower(), *(a.lower() for a in ([acronym.group(1)] if acronym else []))}
    bare = re.sub(r"\s*\([^)]*\)", "", term).lower()
    names.add(bare)
    opening = " ".join(words[:8]).lower()
    defines = any(n and n in opening for n in names) and re.search(
        r"\b(is|are|refers?|consists?)\b", opening
    )
    last = re.sub(r"\s*\([^)]*\)", "", term).split()[-1].lower()
    fragment = (
        words[0] in {"A", "An"}
        or (words[0] == "The" and last in " ".join(words[1:4]).lower())
        or (
            words[0][0].isupper()
            and words[0].endswith("s")
            and words[0].lower() not in {"this", "its", "has", "was", "is", "as"}
        )
    )
    if defines or fragment:
        return Entry(term, first, first, group, "def")
    return None
