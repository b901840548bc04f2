"""Numbers written in words, as learners type them: "twenty thousand", "half a thousand",
"two hundred and fifty", "zero point seven", "a thousandth", "half a thousandth", "ten to
the minus four". `spelled_to_digits` rewrites each such run as digits, so the extractor's
patterns for "<number> steps" or "learning rate <number>" read it like any other number.
Pure string work; a lone "one" or "a" is left alone ("the grid one", "a GAN")."""

from __future__ import annotations

import re

_UNITS = {
    w: i
    for i, w in enumerate([
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen",
    ])
}
_TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Denominators of a fraction: "a thousandth" is 0.001 ("third" and "fourth" stay ordinals:
# "the third layer").
_PARTS = {"tenth": 10, "hundredth": 100, "thousandth": 1000, "ten-thousandth": 10_000,
          "ten thousandth": 10_000, "hundred-thousandth": 100_000, "millionth": 1_000_000}

_CARDINAL = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_SCALE = "|".join(_SCALES)
_PART = "|".join(sorted(_PARTS, key=len, reverse=True))
# A whole number in words: "twenty-five", "two hundred and fifty", "three thousand five
# hundred", "a thousand", "half a thousand".
_WHOLE = (
    rf"(?:(?:half\s+(?:an?\s+)?|an?\s+|\d+(?:\.\d+)?\s+)?(?:{_SCALE})(?:\s+(?:{_SCALE}))*"
    rf"|(?:{_CARDINAL})(?:[\s-]+(?:{_CARDINAL}))?(?:\s+(?:{_SCALE}))*)"
    rf"(?:(?:\s+and)?[\s-]+(?:(?:{_CARDINAL})(?:[\s-]+(?:{_CARDINAL}))?)(?:\s+(?:{_SCALE}))*)*"
)
_RUN = re.compile(
    # "ten to the minus four", "ten to the power of negative 3"
    r"\bten\s+to\s+the\s+(?:power\s+of\s+)?(?P<sign>minus|negative|-)?\s*"
    rf"(?P<exp>\d+|{_CARDINAL})\b"
    # "zero point seven", "one point five"
    rf"|\b(?P<int>(?:{_CARDINAL})(?:[\s-]+(?:{_CARDINAL}))?)\s+point"
    rf"(?P<dec>(?:\s+(?:{_CARDINAL}|\d))+)\b"
    # "a thousandth", "half a thousandth", "five ten-thousandths", "three hundredths"
    # "two and a half thousand", "1 and a half million"
    rf"|\b(?P<count>{_CARDINAL}|\d+)\s+and\s+a\s+half\s+(?P<scale>{_SCALE})\b"
    rf"|\b(?P<num>half\s+an?|an?|one|{_CARDINAL}|\d+)\s+(?P<part>{_PART})s?\b"
    rf"|\b(?P<whole>{_WHOLE})\b",
    re.I,
)


def _cardinal(words: str) -> float | None:
    """The value of a whole number in words, or None if it is not one."""
    total, current = 0.0, 0.0
    tokens = re.findall(r"\d+(?:\.\d+)?|[a-z]+", words.lower())
    half = False
    for i, tok in enumerate(tokens):
        if tok == "and":
            continue
        if tok == "half":
            half = True
        elif tok in ("a", "an"):
            if i + 1 < len(tokens) and tokens[i + 1] in _SCALES:
                current = current or 1
        elif tok in _UNITS:
            current += _UNITS[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok in _SCALES:
            scale = _SCALES[tok]
            current = (current or 1) * (0.5 if half else 1) * scale
            half = False
            if scale >= 1000:
                total, current = total + current, 0
        elif re.fullmatch(r"\d+(?:\.\d+)?", tok):
            current += float(tok)
        else:
            return None
    return total + current


def _value(m: re.Match[str]) -> float | None:
    if m.group("exp"):
        exp = m.group("exp")
        n = int(exp) if exp.isdigit() else _UNITS.get(exp.lower(), _TENS.get(exp.lower(), 0))
        return 10.0 ** (-n if m.group("sign") else n)
    if m.group("int"):
        digits = "".join(
            d if d.isdigit() else str(_UNITS.get(d.lower(), 0))
            for d in m.group("dec").split()
        )
        return float(f"{_cardinal(m.group('int'))}".split(".")[0] + "." + digits)
    if m.group("scale"):
        count = _cardinal(m.group("count"))
        return None if count is None else (count + 0.5) * _SCALES[m.group("scale").lower()]
    if m.group("part"):
        num = m.group("num").lower()
        count = 0.5 if num.startswith("half") else 1.0 if num in ("a", "an") else _cardinal(num)
        denominator = _PARTS[re.sub(r"\s+", " ", m.group("part").lower())]
        return None if count is None else count / denominator
    whole = m.group("whole")
    if re.fullmatch(r"one|an?", whole.strip(), re.I):
        return None  # "the grid one", "this one": not a count
    return _cardinal(whole)


def _digits(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(round(value, 12))


# Class "two numbers joined by 'and'": English puts "and" inside one number only after a
# scale word ("one hundred and twenty", "a thousand and one"); after tens or units the number
# is complete and "and" starts the next ("two hundred fifty six and twelve hundred" is 256
# and 1200, "fifty and sixty" two numbers).
_AND = re.compile(r"(\s+and\s+)", re.I)
_ENDS_IN_SCALE = re.compile(rf"\b(?:{_SCALE})\s*$", re.I)


def _numbers(whole: str) -> list[str]:
    """A run of number words cut where "and" joins two whole numbers (see _AND)."""
    pieces = _AND.split(whole)
    numbers = [pieces[0]]
    for joint, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if _ENDS_IN_SCALE.search(numbers[-1]):
            numbers[-1] += joint + piece
        else:
            numbers += [joint, piece]
    return numbers


def spelled_to_digits(text: str) -> str:
    """The text with each number written in words rewritten as digits: "twenty sampling
    steps" -> "20 sampling steps", "a learning rate of half a thousandth" -> "... 0.0005"."""

    def swap(m: re.Match[str]) -> str:
        if m.group("whole") and len(parts := _numbers(m.group(0))) > 1:
            return "".join(part if i % 2 else _swap_one(part) for i, part in enumerate(parts))
        value = _value(m)
        return m.group(0) if value is None else _digits(value)

    return _RUN.sub(swap, text)


def _swap_one(words: str) -> str:
    """One whole number in words as digits, or the words where they are no count ("one")."""
    m = _RUN.fullmatch(words)
    value = _value(m) if m else None
    return words if value is None else _digits(value)
