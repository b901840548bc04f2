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

from demos.registry import DEMOS, get_spec
from tutor.agent import cues
from tutor.agent.chat import APP_FEATURE, app_reply, small_talk
from tutor.agent.events import ABOUT_THE_TUTOR, Route
from tutor.agent.examples import labelled
from tutor.agent.extract import POLITE, demo_args, demo_name, tokenizer_target
from tutor.agent.extract_inside import resample_request
from tutor.agent.intent_model import IntentModel, fit, top
from tutor.agent.labelled import QUOTED
from tutor.agent.question_shape import closing_question, is_question, looks_like_question, verdict
from tutor.agent.quiz_topic import quiz_topic
from tutor.agent.retune import STEPS, names_other_demo, stated_settings, stepped_settings
from tutor.agent.slash import is_slash, parse_slash
from tutor.agent.spelling import respell
from tutor.agent.steer import steering, train_more
from tutor.agent.tools import control_route, demo_route, more_route, resample_route
from tutor.agent.utterance import asks, kind, opens_with_order
from tutor.errors import DemoError, InputError
from tutor.text import clean_message

Label = tuple[str, str | None]

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
        if not cues.NEGATED.search(text) and not (
            cues.QUESTION.match(text) and not cues.REQUEST.search(text)
        ) and (again := resample_request(text)) is not None:
            return resample_route(again)
        knn, learned = self.scores(cues.written_out(respell(without_payload(text))))
        route = decide(text, knn, self.thresholds, learned)
        if demo_running and route.intent == "demo" and asks(text):
            # "how does this stack up against a GAN?" asks; a launch would end the run
            return Route("answer")
        if demo_running and route.intent == "demo" and route.tool == demo_running and route.args:
            # "find the words closest to violin" while the embeddings demo runs: a change of
            # the running demo, which keeps its other settings (a launch would drop them)
            changed = control_route(demo_running, "set", route.args)
            return Route(changed.intent, changed.tool, changed.args,
                         [*route.notes, *(n for n in changed.notes if n not in route.notes)])
        if not demo_running and route.intent != "quiz" and changes_a_setting(text) and not (
            route.intent == "demo" and (route.args or demo_name(text))
        ):
            # "triple the batch size" with nothing running: answered, it retrieved whatever
            # the last question was about; a change "in half" launched the tokenizer
            raise InputError("No demo is running to change.",
                             "Start one with the setting you want, e.g. /demo gan "
                             "--batch_size 128, then steer it from the chat.")
        if route.intent == "chat" and self._in_notes(text, route):
            return Route("answer", notes=["the notes cover it"])
        return route

    def _in_notes(self, text: str, route: Route) -> bool:
        """Whether a message sent to chat is really a question the notes answer: words like
        "PixelCNN" or "T5" are in no example or cue list, but retrieval finds them. Only
        off-topic guesses, question-shaped messages and requests that small talk has no reply
        for ("name a couple of tools that make music") are looked up, never "thanks"."""
        if self._knowledge is None:
            return False
        if ABOUT_THE_TUTOR in route.notes:
            return False
        if "off-topic" not in route.notes and not looks_like_question(text) and small_talk(text):
            return False
        passages = self._knowledge.retrieve(text, k=3)
        if any(p.relevant and not p.empty for p in passages):
            return True
        # A short question about a name in capitals ("What is T5?", "what does FID measure?")
        # scores low on cosine; the name itself standing in a retrieved passage is enough.
        names = cues.NAME.findall(text)
        return any(re.search(rf"\b{re.escape(n)}\b", p.text) for n in names for p in passages)


# The text a request hands a demo after a colon ("sample at temperature 0.1 on: the weather
# today is", "bleu for: ..."): data, not part of the request, so the similarity scores read the
# request without it (the arguments still read the whole message). Only after a word that
# introduces such data, in a request that names a demo: "quick question: what is a GAN?" and
# "explain this: why do GANs collapse?" are all request. A polite word may stand before the
# colon ("bleu for pls: ..."); it is request too.
_PAYLOAD = re.compile(
    r"^(?P<request>.{3,}?\b(?:on|from|with|for|of|to|prompt|text|sentence|reference|words?"
    r"|this|these|following|string|phrase))(?:\s+" + POLITE + r")?\s*:\s*\S", re.I | re.S)


def without_payload(text: str) -> str:
    """The message without the data it gives a demo after a colon (see _PAYLOAD)."""
    m = _PAYLOAD.match(text)
    return m.group("request") if m and demo_name(m.group("request")) else text


def decide(
    text: str,
    scores: dict[Label, float],
    th: Thresholds = Thresholds(),
    learned: dict[Label, float] | None = None,
) -> Route:
    """The pure decision from similarity scores and lexical cues (unit-testable). The cues
    read the message with its misspelt demo words respelt ("difusion demo") and its informal
    contractions written out ("wanna see"); arguments are taken from the message as typed
    (demo_args respells, and keeps free text as typed)."""
    typed, text = text, cues.written_out(respell(text))
    request = without_payload(text)  # "bleu for: where is my cat?" asks for the demo
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (intent, tool), best = ranked[0]
    answer = scores.get(("answer", None), 0.0)
    chat = scores.get(("chat", None), 0.0)
    negated = bool(cues.NEGATED.search(request))
    question = is_question(request)
    named = demo_name(text)
    # "do the analogy thing with ..." (cues.DO_ORDER) orders with "do" for a verb
    launch = bool(cues.LAUNCH.search(text) or cues.DO_ORDER.match(text)
                  or cues.LIVE_ORDER.search(text) or cues.DATA_ORDER.match(text)
                  ) and not negated
    domain = bool(cues.DOMAIN.search(text))

    # A string to split, quoted or called "the word X", is a tokenizer request even asked as
    # a question ("how would 'strawberry' be split?"), unless it is only an example of a kind.
    if (
        named == "tokenize"
        and tokenizer_target(text)
        and not negated
        and not (
            looks_like_question(text)
            and (cues.GENERIC.search(text) or not cues.SPLITTING.search(text)
                 or cues.WHY.match(text) or cues.HYPOTHETICAL.match(text))
        )
    ):
        return _demo("tokenize", typed)
    # Two texts given to be scored against each other ("which BLEU does 'we ate the cake' earn
    # against 'the cake was eaten'?") ask for the score worked out, even as a question;
    # single quoted words are examples ("would it score higher with 'a' for 'the'?").
    if (named == "bleu" and not negated
            and not (cues.WHY.match(text) or cues.HYPOTHETICAL.match(text))
            and sum(len(q.split()) > 1 for q in _quoted_texts(text)) >= 2
            and {"text", "reference"} <= demo_args(typed, "bleu").keys()):
        return _demo("bleu", typed)
    # A word formula to work out ("what does oslo - norway + peru come out as?") asks for
    # the analogy computed, even as a question that asks for its result; one given with its
    # result ("... = queen"), or asked what it illustrates, why or how, is an example,
    # answered from the notes.
    if (named == "embeddings" and not negated
            and not (cues.WHY.match(text) or cues.HYPOTHETICAL.match(text)
                     or re.match(r"\s*how\b", text, re.I) or cues.SOLVED.search(text))
            and (cues.ASKS_RESULT.search(text) or not looks_like_question(text))
            and "analogy" in demo_args(typed, "embeddings")):
        return _demo("embeddings", typed)
    # A quoted word whose neighbours are asked for ("what words lie nearest to 'harbour'?")
    # asks for them found, even as a question; without a word of its own it is answered.
    if (not negated and not (cues.WHY.match(text) or cues.HYPOTHETICAL.match(text))
            and cues.NEIGHBOURS.search(text)
            and any(len(q.split()) == 1 for q in _quoted_texts(text))
            and "query" in demo_args(typed, "embeddings")):
        return _demo("embeddings", typed)
    if (cues.ABOUT_TUTOR.search(text) or app_reply(text) and not cues.QUIZ_ME.search(text)) and (
        not named) or (
        APP_FEATURE.search(text) and looks_like_question(text)
    ):  # "do you have a diffusion demo?" asks about the app, whatever demo it names;
        # "what should I review next?" about the learner's record (chat.app_reply)
        return Route("answer", notes=[ABOUT_THE_TUTOR])
    if verdict(text):
        return Route("chat")
    # The learned classifier's best label, where it leads the runner-up clearly.
    guess: Label | None = None
    leaning: Label | None = None  # its best label by a smaller lead: enough to hold back
    if learned:
        label, margin = top(learned)
        guess = label if margin >= th.learned_margin else None
        leaning = label if margin >= th.learned_veto else None
    # a message asked as a question quizzes only by a cue aimed at the learner
    # ("should I take a quiz now?" asks for advice; "not in the mood for a quiz" refuses one;
    # "..., what was the quiz about?" closes by asking)
    quiz_ok = not negated and not cues.EXPLAIN.match(text) and (
        not (cues.QUESTION.match(text) and not cues.DO_ORDER.match(text)
             or cues.ASKS_HOW.match(text) or closing_question(text))
        or bool(cues.QUIZ_ME.search(text))
    ) and not cues.NEGATED_QUIZ.search(text)
    # A cue the classifier reads otherwise: a question that borrows a launch verb ("can you
    # show why ...?", "how would you demonstrate ...?") or a remark ("loved that quiz") is
    # answered or chatted to, not acted on.
    against = not cues.TRAILING_ORDER.search(text) and not cues.POLITE_LAUNCH.match(text) and (
        not cues.DATA_ORDER.match(text)) and (
        leaning == ("chat", None) or leaning == ("answer", None) and looks_like_question(request)
    )
    quiz_cue = cues.QUIZ.search(text)
    if quiz_cue and named is not None and cues.CHECK.match(quiz_cue.group(0)) and any(
        demo_name(m.group(1)) == named for m in cues.INSTRUMENT.finditer(text)
    ):
        quiz_cue = None  # "check my translation with bleu: ..." asks for the demo it names
    # ...a cue aimed at the learner quizzes even asked as a question ("is my grasp of it any
    # good? quiz me")
    aimed = bool(cues.QUIZ_ME.search(text))
    if quiz_cue and quiz_ok and (intent == "quiz" or not question or aimed) and (
        not against or aimed
    ):
        return Route("quiz", "quiz", quiz_topic(text))
    if (intent == "quiz" and best >= th.quiz or guess == ("quiz", "quiz")) and quiz_ok and (
        not looks_like_question(text) or cues.QUIZ_ME.search(text)
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
        and (launch or cues.REQUEST.search(text) or kind(request) == "instruction")
    ):
        return _demo(guess[1], typed)
    # ...or asks to watch a model at work ("could we watch the tutor's model being taught a
    # new accent?"): a polite launch, so the classifier's leaning is enough to pick the demo
    if (named is None and leaning is not None and leaning[0] == "demo" and not negated
            and cues.POLITE_LAUNCH.match(text)):
        return _demo(leaning[1], typed)
    if named is not None and not question and not negated and not cues.REMARK.search(
        re.sub(QUOTED, " ", request)) and (
        (intent == "demo" and tool == named and best >= th.demo_alone)
        or (cues.CONFIG_OPENING.match(text) and demo_name(" ".join(text.split()[:2])) == named
            and demo_args(typed, named))
    ):  # "gan-digits lr=2e-4", "beta-vae with beta=0.5 please", "bleu score for: ...",
        # "diffusion on the spiral with ddim": the demo named first, then configured, no verb
        # (a verb inside its quoted text is data: "attention for 'it was tired'")
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


def _quoted_texts(text: str) -> list[str]:
    """The quoted spans of a message, without their quote marks."""
    return [next(g for g in m.groups() if g is not None) for m in re.finditer(QUOTED, text)]


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
    # "the next head", "one layer back": a step from the run's current value (the app adds
    # it); a value stated outright for the same setting wins ("next head, no, head 2"). An
    # amount or a factor ("30 more tokens", "double the batch size") is read as a number
    # for the setting too; there the relative reading wins: it is what those words say.
    for key, value in stepped_settings(text, demo_running).items():
        if key not in ("head_step", "layer_step"):
            stated.pop(STEPS[key], None)
        if STEPS[key] not in stated:
            stated[key] = value
    if steer is not None and steer[0] != "set" and not stated:
        return control_route(demo_running, steer[0], steer[1])  # type: ignore[arg-type]
    # a change wins over "carry on" or "stop" in the same message ("stop, use the grid")
    changes = stated | (steer[1] if steer is not None and steer[0] == "set" else {})
    return control_route(demo_running, "set", changes) if changes else None


def changes_a_setting(text: str) -> bool:
    """Whether a message tells some demo to change a setting ("halve the lr", "next head"),
    whichever demo that would be. Only a message that opens with a verb of command, bare or
    polite ("can you halve the lr?"), is one: not a question about a change ("what's top_p
    = 1 the same as"), nor a remark ("a VAE with beta 4 gives blurrier digits")."""
    if not opens_with_order(text):
        return False
    steer = steering(text)
    if steer is not None and steer[0] == "set" and steer[1]:
        return True
    return any(stepped_settings(text, name) for name in DEMOS)


def _steerable(running: str) -> tuple[str, ...] | None:
    try:
        return get_spec(running).steerable
    except DemoError:
        return None  # an unknown demo: control_route refuses it with its own message


def _demo(name: str, text: str) -> Route:
    return demo_route(name, demo_args(text, name))
