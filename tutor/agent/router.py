"""Routing without the LLM: slash commands first, then steering of a running demo, then a
semantic router (MiniLM similarity to example utterances per intent, top-k mean) guarded
by thresholds and a few lexical cues, so a question about GANs never launches one.

A false launch costs more than a missed one (the learner can always type /demo), so a
demo or quiz needs both the nearest examples and an explicit request cue."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from demos.registry import get_spec
from tutor.agent.chat import APP_QUESTION
from tutor.agent.events import Route
from tutor.agent.examples import labelled
from tutor.agent.extract import demo_args, demo_name, steering, tokenizer_target, train_more
from tutor.agent.extract_inside import resample_request
from tutor.agent.intent_model import IntentModel, fit, top
from tutor.agent.quiz_topic import quiz_topic
from tutor.agent.retune import names_other_demo, stated_settings
from tutor.agent.slash import is_slash, parse_slash
from tutor.agent.spelling import respell
from tutor.agent.tools import control_route, demo_route, more_route, resample_route
from tutor.agent.utterance import asks, kind
from tutor.errors import DemoError
from tutor.text import clean_message

Label = tuple[str, str | None]

_NEGATED = re.compile(
    r"\b(don'?t|do not|dont|no need to|without|never|not)\b.{0,25}"
    r"\b(run|launch|start|demo|show|train|execute)"
    r"|\bjust (explain|tell|describe)|\bno demo",
    re.I,
)
_LAUNCH = re.compile(
    r"\b(draw|sketch)\b.{0,20}\b(\d|zero|one|two|three|four|five|six|seven|eight|nine)\b|"
    r"\b(show|run|start|launch|train|watch|demo|demonstrate|play|visuali[sz]e|"
    r"let me (see|choose|pick)|"
    # a model taught something is the fine-tune: "teach a tiny model to talk like a pirate"
    r"teach (a|an|the|this|your|my) (\w+ ){0,3}(model|llm|chatbot)|"
    # a demo's picture asked for by its noun: "attention heatmap for ...", "a plot of ..."
    r"(heat ?map|plot|chart|graph|visuali[sz]ation|diagram)s? (for|of)|"
    # scoring against a reference, BLEU's request: "score it", "with the reference ..."
    r"(score|rate|grade) (it|this|that|them|my \w+)|using bleu|bleu score (for|of)|"
    r"(compare|score|check)\b.{0,100}\b(with|against|to) (the |a |my )?reference|"
    r"tokeni[sz]e|split|plot|draw|fine-?tune|"
    r"animate|simulate|fire up|kick off|try|"
    # plain requests: "generate some digits", "let's do the vae one", "I want to see it learn"
    r"generate|write me|make (me )?(some|a|an)|walk|morph\w*|interpolat\w*|"
    # "let's actually see", "let's just try": an adverb between the wish and its verb
    r"let'?s (\w+ )?(do|see|try|train|watch|run)|"
    r"i(?: woul|')?d (like|love) to (see|watch|try|pick|choose)|"
    r"i want to (see|watch|try|pick|choose)|"
    r"(see|watch) (it|one|them) (in practice|learn|train)|live example|hands-on|in action|"
    # making digits in plain words: "make up some new digits", "invent a few numbers"
    r"(invent|produce|create|make up|dream up|conjure( up)?) (me )?"
    r"(some|a few|a couple of|a bunch of|new|more|lots of|\d+)|"
    # moving through a latent space without the word "interpolate": "move between two
    # points", "glide from one point to another", "travel from a 4 to a 9"
    r"(move|travel|glide|slide|blend|walk)\w* (\w+ )?(between|from|through|across|into)|"
    r"go from)\b"
    r"|^\s*(please\s+)?sample\b",  # "sample the next word at temperature 2"
    re.I,
)
_FEW = r"(some |a few |a couple of |a couple |several |\d+ |five |ten |three )?(more )?"
_QUIZ = re.compile(
    # "in practice", "into practice" are idioms for real use, not practising
    r"\b(quiz+|test (me|my)|drill (me|my)|flash ?cards?|(?<!\bin )(?<!\binto )practi[cs]e|"
    r"question me|examine me|be examined|"
    r"(ask|give|hit|throw|fire|send) me( with)? " + _FEW + r"(quick |short |practice )?"
    r"(questions|things|problems|exercises)|"
    r"(throw|fire) " + _FEW + r"(quick |short )?questions at me|"
    # questions whose purpose is checking the learner: "a few questions to check I understood",
    # "some questions to make sure I got it", "questions so I can see whether I followed"
    r"questions (to|that|so|for) (\w+ ){0,2}(check|see|test|make sure|find out|verify|confirm)|"
    r"check (what|my|how much|whether i|if i|that i|i )|what'?s due|review|"
    # quiz formats and checks of memory: "multiple choice questions on X", "ask me
    # something about X", "see if I remember the part on attention"
    r"multiple[- ]choice|mcqs?|true[- ]or[- ]false questions|"
    r"ask me (something|anything|a question|one|a few|a couple)|"
    r"(see|find out|check|test|know) (if|whether|how much|what) i (still )?"
    r"(remember|recall|retained|know|understood|learned|learnt|got))\b",
    re.I,
)
# A quiz cue aimed at the learner: in a question only these start a quiz ("what's due for
# review?", "could you test my knowledge?"); "is a quiz-style benchmark a good test?" asks
# about quizzes.
_QUIZ_ME = re.compile(
    r"\b(quiz|test|question|examine|drill|ask)\s+me\b|\bwhat'?s due\b|\bmy (knowledge|"
    r"understanding)\b|\b(if|whether|what) i (still )?(remember|recall|know|understood)\b",
    re.I,
)
_QUESTION = re.compile(
    # the question words and their common misspellings ("wat is pixelcnn", "hw does it work")
    r"^\s*(what|why|how|when|where|who|which|explain|define|describe|tell me|"
    r"wat|wot|wht|waht|whta|hw|hwo|is|are|does|do|did|"
    # a yes/no question with a modal about something other than you or me ("can a LoRA
    # adapter teach a model a new voice?"); "can you", "would it be possible to" ask
    r"(?:can|could|would|will|should|might|must|was|were)"
    r"(?!\s+(?:you|u|ya|i|we|me|it be|there be)\b))\b",
    re.I,
)
# A question word before the polite frame asks about the act, it does not request it:
# "how would you demonstrate that ...?", "why should I run more steps?"; and "should I ...?"
# asks for advice ("should I train it longer or use more data?").
_ASKS_HOW = re.compile(
    r"^\s*(?:(?:what|why|how|when|where|which)\s+(?:\w+\s+)?(?:would|could|should|will|can)"
    r"\s+(?:you|u|i|we)|should (?:i|we))\b",
    re.I,
)
_REQUEST = re.compile(
    r"\b(can|could|would|will) (you|i|we)\b|\blet me\b|\bplease\b|\bi want to (see|watch)", re.I
)
# A request for an explanation, polite or plain ("can you explain how a VAE draws digits?",
# "walk me through the discriminator", "let's go through the VAE loss", "can you go into more
# detail on GANs?", "let's move on to tokenization") is a question however it opens.
_EXPLAIN = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|so|now|alright),?\s+)?"
    r"(?:(?:(?:can|could|would|will) (?:you|we)|please|let'?s|lets)(?: please)?\s+)?"
    r"(?:explain|describe|clarify|tell me (?:about|how|why|what|whether|if)|"
    r"walk me through|talk me through|talk about|discuss|go (?:through|over|into)|"
    r"move on to|help me understand|summari[sz]e|recap)\b",
    re.I,
)
# A word given as an example of a kind ("how would a word like 'unbelievable' be split?",
# "words such as 'running'"): the question is about the kind, answered from the notes.
_GENERIC = re.compile(
    r"\b(?:an?|any|some) (?:\w+ )?(?:word|name|term|sentence|phrase|string)s? (?:like|such as)\b"
    r"|\b(?:word|name|term|sentence|phrase|string)s (?:like|such as)\b"
    r"|\b(?:for example|for instance|e\.g\.)",
    re.I,
)
# What a question must ask about a given string to be a tokenizer request: how it is split
# ("what does the word 'token' mean?" asks for a meaning).
_SPLITTING = re.compile(
    r"\b(split\w*|tokeni[sz]\w*|broken|break\w*|chop\w*|cut (up|into)|pieces|"
    r"(how many|which|what) tokens|into tokens|sees?)\b",
    re.I,
)
# A question after an opening phrase: "in practice, how long does a GAN take to train?",
# "out of curiosity: why is the KL term there?". "how about ..." is a suggestion.
_LATE_QUESTION = re.compile(
    r"^[^?]{0,40}?[,:;]\s*(what|why|how(?! about)|when|where|who|which|is|are|does|do|did)\b"
    r"[^,:;]*\?\s*$",
    re.I,
)
# Questions about the tutor itself ("how do I use this app?", "what commands does the tutor
# take?") are chat, answered with the help text, not from the notes.
_ABOUT_TUTOR = re.compile(
    r"\bthis (?:tutor|app|application|program|tool)\b|\bthe (?:tutor|app)\b"
    r"|\bhow (?:do|can|should) i (?:use|talk to|work with) (?:you|this)\b"
    r"|\bwhat commands\b|\byour (?:name|commands)\b"
    # the app's own features (chat.APP_QUESTION): its demos, quizzes, saving the conversation
    r"|" + APP_QUESTION.pattern,
    re.I,
)
# A question that ends by asking to be shown ("which words does each word look at? show
# me", "how close are these two sentences? score it for me") is a request: the last clause
# is an order to act. Showing "the math" or "an example" stays an explanation.
_TRAILING_ORDER = re.compile(
    r"[?.,;:!—–-]\s*(?:ok(?:ay)?,?\s+|now\s+|then\s+|please\s+|(?:can|could|would) you\s+)?"
    r"(?:show|demo|run|score|plot|draw|visuali[sz]e|let me see)\b"
    r"(?!.{0,20}\b(?:math|maths|formula|equation|derivation|proof|code|an? example)\b)"
    r"[^?]{0,40}[.!]?\s*$",
    re.I,
)
# "do paris - france + italy with the embeddings demo": "do" opening an order, not a question.
_DO_ORDER = re.compile(r"^\s*(?:please\s+)?do\b(?=[^?]*\bdemo\b)[^?]*$", re.I)
# A demo named first and then configured, with no verb: "gan with lr .01", "beta-vae with
# beta=0.5 and latent dim 8 please". Only at the start of the message, so that a statement
# ("a VAE with beta 4 is blurrier") stays a statement.
# A verb that makes a message naming a demo a remark, not a request with no verb: "a VAE with
# beta 4 gives blurrier digits", "GANs with a high lr are unstable".
_REMARK = re.compile(
    r"\b(is|are|was|were|be|been|has|have|had|does|did|can|will|would|should|could|"
    r"gives?|gets?|makes?|seems?|looks?|tends?|causes?|leads?|produces?|creates?|blurs?|"
    r"learns?|works?|means?|helps?|needs?|becomes?|collapses?|oscillates?|converges?|"
    r"fails?|diverges?|generates?)\b",
    re.I,
)
_CONFIG_OPENING = re.compile(
    r"^\s*(?:the\s+)?[\w-]+(?:\s+(?:demo|one|score|heat ?map))?\s*(?:with|,|:|on|for|\w+\s*=)",
    re.I,
)
_DOMAIN = re.compile(
    r"\b(gans?|wgan\w*|dcgan|vaes?|cvae|autoencoder\w*|diffusion|transformer\w*|token\w*|embedding\w*|llms?|"
    r"language models?|neural|generative|ai|latent|attention|prompt\w*|fine-?tun\w*|rlhf|"
    r"gpt\w*|bert|"
    r"models?|train\w*|discriminator|generator|deepfakes?|bias|kl|divergence|bpe|notes?|"
    r"learning rate|"
    r"loss|sampl\w*|decoder|encoder|mode collapse|wasserstein|beta|dall|midjourney|chatbots?)\b",
    re.I,
)


# "why would a tokenizer show 'ing' as a token?" asks for a reason, not for a run.
_WHY = re.compile(r"^\s*(?:why|how come)\b", re.I)
_NAME = re.compile(r"\b(?!I\b)[A-Z][A-Z0-9-]*[A-Z0-9]\b")


@dataclass(frozen=True)
class Thresholds:
    """Calibrated on the dev half of bench/routing.jsonl (see bench/routing.py)."""

    k: int = 3  # top-k examples averaged per label
    chat: float = 0.45  # a chat label this close wins over a domain question
    domain: float = (
        0.40  # an answer this far from every answer example, with no domain word, is off-topic
    )
    quiz: float = 0.80  # a quiz without an explicit cue needs to be this close
    demo_alone: float = 0.55  # a demo named with no launch verb needs its examples this close
    uncertain_margin: float = 0.04
    # the learned classifier (intent_model.py): how far its best label must lead the next
    learned_margin: float = 0.3
    learned_veto: float = 0.15  # the lead that holds back a cue's launch (against a question)


class Router:
    """Routes a message to answer / demo / quiz / chat. The embedder is the shared MiniLM."""

    def __init__(
        self,
        embedder: Any,
        thresholds: Thresholds = Thresholds(),
        knowledge: Any = None,
        cache_dir: Path | None = None,
    ) -> None:
        self._embedder = embedder
        self.thresholds = thresholds
        self._knowledge = knowledge  # KnowledgeBase: lets the notes rescue a question
        self._cache_dir = cache_dir  # where the examples' vectors are kept between runs
        self._rows = labelled()
        self._vectors: np.ndarray | None = None
        self._model: IntentModel | None = None

    def _examples(self) -> np.ndarray:
        if self._vectors is None:
            from knowledge.embedder import embed_cached

            texts = [text for text, _, _ in self._rows]
            self._vectors = embed_cached(self._embedder, texts, self._cache_dir)
        return self._vectors

    def scores(self, text: str) -> tuple[dict[Label, float], dict[Label, float]]:
        """Per label: the mean similarity of its k nearest examples, and the learned
        classifier's score (fitted on the same examples at first use). One embedding."""
        vector = self._embedder.embed([text])[0]
        examples = self._examples()
        if self._model is None:
            self._model = fit(examples, [(i, t) for _, i, t in self._rows])
        by_label: dict[Label, list[float]] = {}
        for (_, intent, tool), sim in zip(self._rows, examples @ vector, strict=True):
            by_label.setdefault((intent, tool), []).append(float(sim))
        k = self.thresholds.k
        knn = {label: float(np.mean(sorted(v, reverse=True)[:k])) for label, v in by_label.items()}
        return knn, self._model.scores(vector)

    def route(self, message: str, demo_running: str | None = None) -> Route:
        """A checked Route; InputError / DemoError (with hints) for what cannot be done."""
        text = clean_message(message)
        if is_slash(text):
            return parse_slash(text, demo_running)
        if (control := control_decision(text, demo_running)) is not None:
            return control
        if not _NEGATED.search(text) and not (
            _QUESTION.match(text) and not _REQUEST.search(text)
        ) and (again := resample_request(text)) is not None:
            return resample_route(again)
        knn, learned = self.scores(respell(text))
        route = decide(text, knn, self.thresholds, learned)
        if demo_running and route.intent == "demo" and asks(text):
            # "how does this stack up against a GAN?" asks; a launch would end the run
            return Route("answer")
        if route.intent == "chat" and self._in_notes(text, route):
            return Route("answer", notes=["the notes cover it"])
        return route

    def _in_notes(self, text: str, route: Route) -> bool:
        """Whether a message sent to chat is really a question the notes answer: words like
        "PixelCNN" or "T5" are in no example or cue list, but retrieval finds them. Only
        off-topic guesses and question-shaped messages are looked up, never "thanks"."""
        if self._knowledge is None:
            return False
        if "about the tutor" in route.notes:
            return False
        if "off-topic" not in route.notes and not looks_like_question(text):
            return False
        passages = self._knowledge.retrieve(text, k=3)
        if any(p.relevant and not p.empty for p in passages):
            return True
        # A short question about a name in capitals ("What is T5?", "what does FID measure?")
        # scores low on cosine; the name itself standing in a retrieved passage is enough.
        names = _NAME.findall(text)
        return any(re.search(rf"\b{re.escape(n)}\b", p.text) for n in names for p in passages)


def decide(
    text: str,
    scores: dict[Label, float],
    th: Thresholds = Thresholds(),
    learned: dict[Label, float] | None = None,
) -> Route:
    """The pure decision from similarity scores and lexical cues (unit-testable). The cues
    read the message with its misspelt demo words respelt ("difusion demo"); arguments are
    taken from the message as typed (demo_args respells, and keeps free text as typed)."""
    typed, text = text, respell(text)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (intent, tool), best = ranked[0]
    answer = scores.get(("answer", None), 0.0)
    chat = scores.get(("chat", None), 0.0)
    negated = bool(_NEGATED.search(text))
    question = is_question(text)
    named = demo_name(text)
    launch = bool(_LAUNCH.search(text)) and not negated
    domain = bool(_DOMAIN.search(text))

    # A string to split, quoted or called "the word X", is a tokenizer request even asked as
    # a question ("how would 'strawberry' be split?"), unless it is only an example of a kind.
    if (
        named == "tokenize"
        and tokenizer_target(text)
        and not negated
        and not (
            looks_like_question(text)
            and (_GENERIC.search(text) or not _SPLITTING.search(text) or _WHY.match(text))
        )
    ):
        return _demo("tokenize", typed)
    if _ABOUT_TUTOR.search(text) and not named:
        return Route("chat", notes=["about the tutor"])
    # The learned classifier's best label, where it leads the runner-up clearly.
    guess: Label | None = None
    leaning: Label | None = None  # its best label by a smaller lead: enough to hold back
    if learned:
        label, margin = top(learned)
        guess = label if margin >= th.learned_margin else None
        leaning = label if margin >= th.learned_veto else None
    # a message asked as a question quizzes only by a cue aimed at the learner
    quiz_ok = not negated and not _EXPLAIN.match(text) and (
        not _QUESTION.match(text) or bool(_QUIZ_ME.search(text))
    )
    # A cue the classifier reads otherwise: a question that borrows a launch verb ("can you
    # show why ...?", "how would you demonstrate ...?") or a remark ("loved that quiz") is
    # answered or chatted to, not acted on.
    against = not _TRAILING_ORDER.search(text) and (
        leaning == ("chat", None) or leaning == ("answer", None) and looks_like_question(text)
    )
    if _QUIZ.search(text) and quiz_ok and (intent == "quiz" or not question) and (
        not against or _QUIZ_ME.search(text)
    ):
        return Route("quiz", "quiz", quiz_topic(text))
    if (intent == "quiz" and best >= th.quiz or guess == ("quiz", "quiz")) and quiz_ok and (
        not looks_like_question(text) or _QUIZ_ME.search(text)
    ) and kind(text) != "statement":  # "not a fan of quizzes, honestly" is a remark
        return Route("quiz", "quiz", quiz_topic(text))
    if launch and not question and named is not None and not against:
        return _demo(named, typed)
    # A request in plain words that names no demo ("let me watch data dissolve into noise")
    # or asks politely ("can I see diffusion on the spiral?"): the classifier picks the demo,
    # and an explicit request cue is still needed.
    if (
        guess is not None and guess[0] == "demo" and guess[1] is not None
        and named in (None, guess[1]) and not negated and not question
        and (launch or _REQUEST.search(text) or kind(text) == "instruction")
    ):
        return _demo(guess[1], typed)
    if named is not None and not question and not negated and not _REMARK.search(text) and (
        (intent == "demo" and tool == named and best >= th.demo_alone)
        or (_CONFIG_OPENING.match(text) and demo_name(" ".join(text.split()[:2])) == named
            and demo_args(typed, named))
    ):  # "gan-digits lr=2e-4", "beta-vae with beta=0.5 please", "bleu score for: ...",
        # "diffusion on the spiral with ddim": the demo named first, then configured, no verb
        return _demo(named, typed)
    if negated:  # "don't run anything, just explain": a request for an explanation
        return Route("answer")
    if intent == "chat" or (chat >= th.chat and chat >= answer):
        return (
            Route("chat") if not domain or chat >= answer + th.uncertain_margin else Route("answer")
        )
    if not domain and answer < th.domain and not looks_like_question(text):
        return Route("chat", notes=["off-topic"])
    # A question, on the notes' subject or not, is answered from the notes, which say plainly
    # when they do not cover it.
    return Route("answer", notes=[] if domain or answer >= th.domain else ["off-topic"])


def is_question(text: str) -> bool:
    """A question or a request for an explanation, which is answered, never launched. One
    that ends in an order to show it ("...? show me"), and an order opening with "do"
    ("do paris - france + italy with the embeddings demo"), are requests."""
    if _REQUEST.search(text) and not _EXPLAIN.match(text) and not _ASKS_HOW.match(text):
        return False
    if _TRAILING_ORDER.search(text) or _DO_ORDER.match(text):
        return False
    if _ASKS_HOW.match(text):
        return True
    return bool(_QUESTION.match(text) or _EXPLAIN.match(text) or _LATE_QUESTION.match(text))


def looks_like_question(text: str) -> bool:
    return text.rstrip().endswith("?") or bool(_QUESTION.match(text))


def wants_action(text: str) -> bool:
    """An explicit request to run or quiz something (where a tool-calling model may help)."""
    return bool((_LAUNCH.search(text) or _QUIZ.search(text)) and not _NEGATED.search(text))


def control_decision(text: str, demo_running: str | None) -> Route | None:
    """The control route a plain-language message gives (train more, or steering the running
    demo), or None. No embedder: this is the whole of how a message comes to act on a demo
    outside slash commands, so questions can be checked against it directly. A setting the
    running demo takes only at launch restarts it with the change (retune.py); a message
    naming another demo is left to launch that one."""
    if train_more(text):  # the app knows which demo spent its steps, running or not
        return more_route()
    if not demo_running or names_other_demo(text, demo_running):
        return None
    steer = steering(text, _steerable(demo_running))
    if steer is not None and "pick" in steer[1]:
        return control_route(demo_running, "set", steer[1])
    stated = stated_settings(text, demo_running)
    if steer is not None and steer[0] != "set" and not stated:
        return control_route(demo_running, steer[0], steer[1])  # type: ignore[arg-type]
    # a change wins over "carry on" or "stop" in the same message ("stop, use the grid")
    changes = stated | (steer[1] if steer is not None and steer[0] == "set" else {})
    return control_route(demo_running, "set", changes) if changes else None


def _steerable(running: str) -> tuple[str, ...] | None:
    try:
        return get_spec(running).steerable
    except DemoError:
        return None  # an unknown demo: control_route refuses it with its own message


def _demo(name: str, text: str) -> Route:
    return demo_route(name, demo_args(text, name))
