"""Plain-language cues for the "inside the language model" demos (sampling, attention,
embeddings, fine-tune): which one a request names, the arguments it states (a prompt, words,
temperature, top-k, layer, LoRA rank...), a token picked while the sampling demo waits, and
a request to re-sample the tutor's last answer. Regex only, like extract.py: what is found
still passes the demos' pydantic bounds."""

from __future__ import annotations

import re
from typing import Any

from tutor.agent.labelled import GAP, QUOTED
from tutor.language import STOPWORDS

INSIDE = ("sampling", "attention", "embeddings", "finetune")
_NUM = r"(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+)"
_QUOTED = r"[\"“']([^\"”']{1,200})[\"”']"

# Each demo by the words for what it shows, most specific first: "positional embeddings"
# belong to attention, "fine-tune with temperature" to the fine-tune.
_NAMES: tuple[tuple[str, str], ...] = (
    # a model taught a new voice: "teach a tiny language model to talk like a pirate"
    ("finetune", r"\bfine[- ]?tun\w*|\blora\b|\badapters?\b|\bpeft\b|\bpirate\b"
                 r"|\bteach (the|a|an|your|this|my) ((small|tiny|little|tutor'?s?|language|chat"
                 r"|pretrained|existing) ){0,3}(model|llm|chatbot)\b"),
    # which words look at which: "which words does each word look back at"
    ("attention", r"\battention\b|\battend(?:s|ing|ed)?\b"
                  r"|\bpositional (encoding|embedding)s?\b|\brope\b"
                  r"|\brotary\b|\bcausal mask\b|\bsinusoid\w*|\btransformers?\b"
                  r"|\bheads?\b.{0,20}\blayers?\b|\blayers?\b.{0,20}\bheads?\b"
                  r"|\b(words?|tokens?)\b.{0,40}\b(look|looks|looking|focus\w*)\s+(back\s+)?"
                  r"(at|on)\b"),
    # words of similar meaning close together: "words that mean similar things sit close"
    ("embeddings", r"\bembedding\w*|\bword ?vectors?\b|\bword2vec\b|\bvector space\b"
                   r"|\banalog(y|ies)\b|\bnearest neighbou?rs?\b|\bsemantic (map|space)\b"
                   # a map of words: "a map of the terms sun, moon, star", "plot X, Y, Z on
                   # a map"
                   r"|\b(map|plot|chart)\b.{0,15}\b(words?|terms?|concepts?)\b"
                   r"|\b(plot|place|put|lay out|arrange)\s+(the )?([\w-]+\s*,\s*){2,}.{0,40}"
                   r"\bon (a|the) (2-?d )?map\b"
                   r"|\b\w+ (minus|-) \w+ (plus|\+) \w+"
                   r"|\b(mean|meaning|meanings|similar|related)\b.{0,60}\b(close|closer|near|"
                   r"nearby|together|next to each other|cluster\w*)\b"
                   r"|\b(close|near)\w* (together|to each other)\b.{0,40}\bmean\w*"),
    # the draw at each step: "the dice roll a model does every time it writes a word"
    ("sampling", r"\bsampl(e|es|ed|ing|er)\b|\btemperature\b|\btop[- _]?[kp]\b|\bnucleus\b"
                 r"|\bgreedy\b|\bnext[- ](token|word)s?\b|\blogits?\b|\bdecoding\b"
                 # text written on: "generate 30 tokens from ...", "write a few more words"
                 r"|\b(generat|writ|produc|continu)\w*\s+(\d+|a few|some) (new |more )?"
                 r"(tokens|words)\b"
                 r"|\b(token|word)s?\b.{0,40}\bnext\b|\bpredict\w* (the )?next\b"
                 r"|\b(pick|choos|select)\w*\b.{0,30}\b(token|word)s?\b"
                 r"|\b(dice|die roll|coin (flip|toss)|lottery|raffle)\b.{0,60}\b(token|word)s?\b"
                 r"|\b(token|word)s?\b.{0,60}\b(dice|coin (flip|toss))\b"),
)


def inside_name(text: str) -> str | None:
    """The inside-the-LLM demo a message names by its words, or None."""
    t = text.lower()
    for name, pattern in _NAMES:
        if re.search(pattern, t):
            return name
    return None


def _find(pattern: str, text: str, flags: int = re.IGNORECASE) -> str | None:
    m = re.search(pattern, text, flags)
    return m.group(m.lastindex or 0) if m else None


def _num(value: str) -> int | float:
    x = float(value)
    return int(x) if x.is_integer() and not re.search(r"[.eE]", value) else x


def _ordinal(word: str) -> int | None:
    """'3rd' -> 3, 'second' -> 2."""
    words = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth")
    w = word.lower()
    if w in words:
        return words.index(w) + 1
    m = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", w)
    return int(m.group(1)) if m else None


def _quoted(text: str) -> str | None:
    m = re.search(QUOTED, text)
    return next((g for g in m.groups() if g), None) if m else None


def sampling_args(text: str) -> dict[str, Any]:
    args: dict[str, Any] = {}
    if v := (_find(r"\b(?:temperature|temp)" + GAP + _NUM, text)
             or _find(r"\b[Tt]\s*=\s*" + _NUM, text, 0)):
        args["temperature"] = _num(v)
    if v := _find(r"\btop[- _]?k" + GAP + r"(\d+)\b", text):
        args["top_k"] = int(v)
    if v := (_find(r"\btop[- _]?p" + GAP + _NUM, text)
             or _find(r"\bnucleus\b(?:\s+sampling)?\s*(?:with|at|of)?\s*(?:p\s*)?(?:=|of)?\s*"
                      + _NUM, text)):
        args["top_p"] = _num(v)
    if v := _find(r"\b(\d+)\s*(?:new\s+|more\s+)?(?:tokens|words)\b", text):
        args["steps"] = int(v)
    if v := _find(r"\b(\d+)\s*(?:candidates|options|choices)\b", text):
        args["candidates"] = int(v)
    prompt = _quoted(text) or _find(
        r"\b(?:continue|complete|finish)\s+(?:the\s+)?(?:sentence|text|prompt|phrase)?\s*:?\s*"
        r"(.{2,})$", text) or _find(
        # the prompt after a colon: "prompt: X", "on: X", "from: X", "starting with: X"
        r"\b(?:prompt|text|sentence|on|from|with|after|starting(?: with)?)\s*:\s*(.+)$", text
    ) or _find(r"\bfrom (?:the |my )?prompt\s+(.{2,})$", text)  # "... from the prompt My cat"
    if prompt and prompt.strip():
        args["text"] = prompt.strip()
    if re.search(r"\b(?:without|no)\s+(?:the\s+)?chat template\b", text, re.I):
        args["chat"] = False
    elif re.search(r"\b(?:with|use|using|turn on|enable)\s+(?:the\s+)?chat template\b", text,
                   re.I):
        args["chat"] = True
    if re.search(r"\b(let me|i (?:want to|get to|will|'ll)|i'd like to)\b.{0,30}"
                 r"\b(choose|pick|select)"
                 r"|\b(choose|pick|select)\b.{0,40}\b(myself|by hand|on my own)\b"
                 r"|\binteractive(ly)?\b", text, re.I):
        # "not interactive", "non-interactive", "no interactive mode": the opposite
        args["interactive"] = not re.search(
            r"\b(?:not|non|no|without)[- ](?:\w+ ){0,1}interactive", text, re.I)
    return args


def attention_args(text: str) -> dict[str, Any]:
    args: dict[str, Any] = {}
    # quoted; after "sentence:"; or the rest after "for the sentence", "attention for"
    # of several quoted spans the sentence is the longest; a short one is a word in it
    # ("what 'it' looks at in \"...\"")
    spans = [next(g for g in m.groups() if g) for m in re.finditer(QUOTED, text)]
    sentence = (
        max(spans, key=len, default=None)
        or _find(r"\b(?:sentence|text|phrase)\s*:\s*(.+)$", text)
        or _find(r"\b(?:for|of|on|in) (?:the |this |my )?(?:sentence|text|phrase)\s+"
                 r"(?!is\b|are\b)(.{3,})$", text)
        or _find(r"\battention(?: weights?| heat ?map| pattern| matrix)?\s+(?:for|of|on|in)\s*:?\s*"
                 r"(?!(?:a|an|some|my|this|the|any|your)\s+(?:sentence|text|phrase|example|"
                 r"prompt)s?\b)(?!(?:layer|head)\b)(\S+(?:\s+\S+){2,})$", text)
    )
    if sentence and sentence.strip():
        args["text"] = sentence.strip()
    for key in ("layer", "head"):
        if v := _find(rf"\b{key}\s*(?:number\s*|no\.?\s*|#)?(\d{{1,3}})\b", text):
            args[key] = int(v)
        elif (v := _find(rf"\b(\w+)\s+{key}\b", text)) and (n := _ordinal(v)):
            args[key] = n - 1  # "the 3rd layer": layers count from 0 here
    # the token whose attention is ranked: "token 3", "the last token"
    if v := _find(r"\btoken\s*(?:number\s*|no\.?\s*|#)?(\d{1,4})\b", text):
        args["token"] = int(v)
    elif re.search(r"\b(?:the\s+)?last token\b", text, re.I):
        args["token"] = -1
    if "head" not in args and re.search(r"\b(all|every|mean of( the)?|average( of)?)\s+(the\s+)?"
                                        r"heads\b", text, re.I):
        args["head"] = -1
    return args


# Words that are never one of the learner's listed words: English stopwords plus the
# words of the request itself ("show the embeddings of ...").
_NOT_LISTED = STOPWORDS | frozenset({
    "words", "word", "list", "following", "please", "embeddings", "embedding", "vectors",
    "vector", "space", "map", "plot", "show", "draw", "visualize", "visualise", "model",
    "models", "between",
    # nouns naming what the list holds: "a map of the concepts cat, dog, car"
    "concepts", "concept", "terms", "term", "items", "things", "names", "tokens",
})


# Three or more single words in a comma-separated run ("cat, dog, car and truck").
_LISTED = re.compile(r"\b[A-Za-z][\w-]{0,29}(?:\s*,\s*[A-Za-z][\w-]{0,29}){1,}"
                     r"(?:\s*,?\s+and\s+[A-Za-z][\w-]{0,29}|(?:\s*,\s*[A-Za-z][\w-]{0,29}))")


def embeddings_args(text: str) -> dict[str, Any]:
    args: dict[str, Any] = {}
    t = text.replace("’", "'")
    # of two analogies, the one asked for: "do the queen - woman + man thing but with rome -
    # italy + spain" names the first only to say which kind of thing to run on the second
    found = list(re.finditer(r"\b([a-z]+)\s*(?:-|minus)\s*([a-z]+)\s*(?:\+|plus)\s*([a-z]+)"
                             r"(?:\s*(?:=|equals|gives|is)\s*([a-z]+))?", t, re.I))
    m = found[0] if found else None
    if len(found) > 1 and re.search(r"\b(?:but|instead|rather|this time)\b",
                                    t[found[0].end():found[-1].start()], re.I):
        m = found[-1]
    if m:
        a, b, c, d = m.groups()
        answer = f" = {d}" if d and d.lower() not in _NOT_LISTED else ""
        args["analogy"] = f"{a} - {b} + {c}{answer}"
    if v := _find(r"\b(?:neighbou?rs?|closest|nearest|similar|near|close|closer|nearby)\b"
                  r"(?:\s+words?)?\s+"
                  r"(?:of|to|for)\s+(?:the\s+word\s+)?[\"'“]?([a-z][\w-]*)", t):
        args["query"] = v
    elif v := _find(r"\b(?:near|around|beside)\s+(?:the\s+word\s+[\"'“]?|[\"'“])"
                    r"([a-z][\w-]*)", t):  # "near" is a preposition itself: "which words
        # live near 'tea'?", "what sits around the word lamp" (a word quoted or called one,
        # so that "near the end" names none)
        args["query"] = v
    if v := _find(r"\b(\d{1,2})\s+(?:nearest\s+)?neighbou?rs?\b", t):
        args["neighbours"] = int(v)
    if v := _find(r"\b(\d{1,2})\s+(?:clusters|groups)\b", t):
        args["clusters"] = int(v)
    named = re.match(r"\s*(?:please\s+)?(?:map|plot|cluster|show)\s+(?:these\s+|the\s+|some\s+)?"
                     r"(?:words?|terms?)\s*:?\s+(.+)$", t, re.I)
    if "analogy" not in args and named:
        # "map the words sun moon star river": the words after the order, commas or not
        items = [w.strip("'\"“”.?!") for w in
                 re.split(r"\s*,\s*|\s+and\s+|\s+", named.group(1).strip(" .?!"))]
        items = [w for w in items if w and w.lower() not in _NOT_LISTED]
        if len(items) >= 3 and all(re.fullmatch(r"[A-Za-z][\w-]{0,29}", w) for w in items):
            args["words"] = ",".join(items)
    if "analogy" not in args and "words" not in args:
        segments = re.split(r"\bfor\b|\bof\b|\bwith\b|\bbetween\b|:", t, flags=re.I)
        if len(segments) > 1:
            items = [w.strip("'\"“”.?!") for w in
                     re.split(r"\s*,\s*|\s+and\s+|\s+", segments[-1].strip(" .?!"))]
            items = [w for w in items if w and w.lower() not in _NOT_LISTED]
            if len(items) >= 3 and all(re.fullmatch(r"[A-Za-z][\w-]{0,29}", w) for w in items):
                args["words"] = ",".join(items)
    if "analogy" not in args and "words" not in args and (run := _LISTED.search(t)):
        # class "a list inside the sentence": "plot cat, dog, car and truck on the map"
        items = [w for w in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", run.group(0))
                 if w.lower() not in _NOT_LISTED]
        if len(items) >= 3:
            args["words"] = ",".join(items)
    return args


def finetune_args(text: str) -> dict[str, Any]:
    args: dict[str, Any] = {}
    if v := _find(r"\brank" + GAP + r"(\d+)\b", text) or _find(r"\brank-(\d+)\b", text):
        args["rank"] = int(v)
    if v := _find(r"\b(?:top|last|upper)\s+(\d+)\s+(?:layers|blocks)\b", text):
        args["layers"] = int(v)
    elif re.search(r"\b(all|every)\s+(the\s+)?(layers|blocks)\b", text, re.I):
        args["layers"] = 0
    if v := _find(r"\b(?:save|keep)\s+(?:it|the adapter|the result)?\s*(?:as|under|named|called)"
                  r"\s+[\"']?([a-z0-9][a-z0-9-]{0,39})\b", text):
        args["save_as"] = v.lower()
    return args


def inside_args(text: str, name: str) -> dict[str, Any]:
    """Arguments a request states for one of these demos (unchecked)."""
    return {"sampling": sampling_args, "attention": attention_args,
            "embeddings": embeddings_args, "finetune": finetune_args}[name](text)


# --- while the sampling demo waits for the learner's token ------------------------------

_PICK_VERB = (r"^\s*(?:ok(?:ay)?,?\s+|now\s+|then\s+|please\s+|i(?:'ll| will)?\s+)?"
              r"(?:pick|take|choose|select|go with|use)\b")


def pick(text: str) -> int | str | None:
    """The token a message picks: a candidate's rank ("pick 2", "take the second one"), a
    token's text ("pick ' cat'"), "model" for the model's own draw ("next", "you pick"),
    "auto" to let the model finish; None if the message picks nothing."""
    t = text.strip()
    low = t.lower()
    if re.fullmatch(r"(auto|let (it|the model) (finish|run|go|draw the rest)|finish (it )?"
                    r"(yourself|on your own)|you (finish|do the rest))[.!]?", low):
        return "auto"
    if re.fullmatch(r"(next|next one|next token|draw|you (pick|choose)|your (pick|choice)"
                    r"|let (it|the model) (pick|choose|draw)( this one)?"
                    r"|(take|use) (yours|your draw|the draw|its draw|the model'?s (pick|draw)))"
                    r"[.!]?", low):
        return "model"
    if not re.search(_PICK_VERB, low):
        return None
    if re.search(r"\b(prompt|sentence|text|reference)\b", low):  # "use the prompt '...'"
        return None
    if (quoted := _quoted(t)) is not None:
        return quoted
    if v := _find(r"\b(?:candidate|option|choice|number|no\.?|#)?\s*(\d{1,2})\b", low):
        return int(v)
    if (v := _find(r"\b(?:the\s+)?(\w+)\s+(?:one|candidate|option|choice)\b", low)) and \
            (n := _ordinal(v)):
        return n
    if re.search(r"\b(?:the\s+)?(top|likeliest|most likely)\b", low):
        return 1
    if v := _find(_PICK_VERB + r"\s+(\S{1,20})\s*$", t):
        return v  # a bare word: "pick cat"
    return None


# --- re-sampling the tutor's last answer -----------------------------------------------

_AGAIN = (r"\b(?:answer|say|write|explain|generate|do|try|give|run)\b(?:\s+(?:me|us))?\s+"
          r"(?:that|it|this|the answer|your answer|your last answer|the last answer)"
          r"(?:\s+\w+)?\s+again\b")
_RE_VERB = (r"\b(?:re-?sample|re-?generate|re-?answer|re-?roll)\b\s*(?:that|it|this|the|your|"
            r"again|$)")
_SETTING = r"\btemperature\b|\btemp\b|\bT\s*=|\btop[- ]?p\b|\bhotter\b|\bmore random\b"


def resample_request(text: str) -> dict[str, Any] | None:
    """Sampling settings if the message asks to answer the last question again with other
    settings ("answer that again at temperature 0.9", "resample your answer"), else None."""
    if re.search(r"\b(don'?t|do not|no need to|never|not)\b", text, re.I):
        return None
    asks = re.search(_AGAIN, text, re.I) and re.search(_SETTING, text, re.I)
    if not asks and not re.search(_RE_VERB, text, re.I):
        return None
    return {k: v for k, v in sampling_args(text).items() if k in ("temperature", "top_p")}
