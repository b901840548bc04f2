"""Short replies that need no notes and no model: greetings, thanks, off-topic redirects,
and the explanation shown when a running demo is steered (citing the notes if they speak
of the change)."""

from __future__ import annotations

import re
from typing import Any

from tutor.agent.retune import STEPS
from tutor.errors import TutorError
from tutor.language import sentences

GREETING = (
    'Hi! Ask me anything about generative AI, say "show me a GAN training", or "quiz me on VAEs".'
)
THANKS = "You're welcome. What would you like to look at next?"
BYE = "Bye for now. Your conversation is saved; resume it any time."
HELP = (
    "I answer questions from your notes (with citations), run live demos (GAN, digit GAN, VAE, "
    "diffusion, tokenizer, BLEU, and inside a language model: sampling, attention, embeddings, "
    "a LoRA fine-tune) and quiz you on any topic of the notes, keeping your scores to schedule "
    "reviews. The conversation is saved as you go; resume it any time. Try \"what is a VAE?\", "
    '"/demo gan", "show me how the model picks the next token" or "/quiz vae".'
)
# Questions about the app's own features, answered with the help text: which demos there
# are, what the quizzes cover and whether they keep score, saving the conversation.
APP_QUESTION = re.compile(
    r"\b(?:which|what|any|more|other|list(?: of)?(?: the)?|all(?: the)?|the|your) demos\b"
    r"|\bdemos (?:are there|do you have|can (?:i|you)|are available)\b"
    r"|\b(?:the|your|these|this) quiz(?:zes)? (?:keep|track|save|record|remember|count|cover"
    r"|work|grade|decide|choose|pick|schedule)\b"
    r"|\bquiz(?:zes)? (?:keep|track|save|record) (?:score|scores|progress)\b"
    r"|\bwhat (?:topics|subjects) (?:do|does|can) (?:you|your|the)\b"
    r"|\b(?:save|export|download|keep) (?:this|the|our|my) (?:conversation|chat|session)\b"
    r"|\bwho (?:made|built|created|wrote) you\b",
    re.I,
)
# Class "a question about the app's features": whether it has or offers a demo or quizzes,
# what a demo lets you change, how long it takes. Answered with the help text, never run.
APP_FEATURE = re.compile(
    r"\b(?:do|does) (?:you|the (?:tutor|app)) (?:have|offer|support|include|provide|do|give"
    r"|run)\b(?:\s+(?:a|an|any|some))?(?:\s+[\w-]+){0,2}\s+(?:demos?|quiz(?:zes)?)\b"
    r"|\bis there (?:a|an|any) (?:[\w-]+ ){0,2}(?:demo|quiz)\b"
    r"|\bcan (?:you|the (?:tutor|app)) (?:give|do|make|run|offer|set) (?:[\w-]+ )?"
    r"(?:quizzes|demos)\b"
    r"|\b(?:settings|options|parameters|knobs|things|values|arguments)\b.{0,20}\b(?:can|could|do)"
    r" (?:i|we|you) (?:change|set|tweak|adjust|configure|control|pass|use)\b"
    r"|\bwhat (?:can|could) (?:i|we) (?:change|set|tweak|adjust|configure|control)\b"
    r"|\bhow long (?:does|will|would|do) (?:the |a |this |that |each |your )?(?:[\w-]+ )?"
    r"(?:demo|quiz|run)s?\b(?: usually| normally)? (?:take|last|run)\b"
    r"|\bare you (?:an? )?(?:ai|bot|chatbot|human|robot|person|real|llm|language model)\b",
    re.I,
)
PROGRESS = (
    "Your quiz results are kept for you: /progress (or `genai-tutor progress` at a shell) shows "
    "your score on each topic and which questions are due for review. /quiz asks the due ones "
    "first, so it is a good next step; /quiz NAME keeps to one topic."
)
STEER_HELP = (
    'While a demo runs, steer it from the chat: "pause", "resume", "stop", or a change such as '
    '"halve the learning rate" or "switch to the spiral". Questions about what you see are '
    "answered without touching the run. To start one with your own settings: /demo gan "
    "--lr 0.001 --steps 2000."
)
HARDWARE = (
    "No GPU is needed: the live demos are sized to train on a laptop's CPU, and my voice is a "
    "small quantized language model that runs on the CPU too (with a GPU, a larger voice can "
    "be picked with --model)."
)
# Class "a question about the learner's own record": how they did, what to study next,
# whether they are ready. The quiz store holds the answer; the reply says where to see it.
_PROGRESS_QUESTION = re.compile(
    r"\b(?:my|i) (?:quiz(?:zes)? )?(?:progress|scores?|results?|grades?|stats)\b"
    r"|\bhow (?:am i|i'?m) doing\b"
    r"|\bdid i (?:do|pass|score|get|fail)\b|\bam i ready\b|\bmy (?:last|latest|previous) quiz"
    r"|\b(?:what|which)(?: \w+)? (?:should i|to) (?:study|learn|review|revise|read|focus on"
    r"|look at) next\b|\bhaven'?t i (?:covered|studied|reviewed)\b"
    r"|\b(?:what|which)(?: \w+)? (?:have i|i'?ve) (?:learned|learnt|covered|done|studied)\b",
    re.I,
)
# Class "a question on how to steer a demo": stopping, pausing or changing one as it runs.
_STEER_QUESTION = re.compile(
    r"\b(?:how (?:do|can|should) (?:i|we)|can (?:i|we)|is there a way to|is it possible to)\b"
    r".{0,30}\b(?:stop|pause|resume|cancel|end|kill|change|tweak|steer|adjust|restart)\b"
    r".{0,40}\b(?:demos?|runs?|running)\b",
    re.I,
)
# Class "what the tutor needs to run on": a GPU, a graphics card.
_HARDWARE_QUESTION = re.compile(
    r"\b(?:you|the tutor|the app|this (?:tutor|app|tool|thing|program)|it|the demos?)\b.{0,15}"
    r"\b(?:need|require|use|run on|work without)\w*\b.{0,15}\b(?:gpus?|cuda|graphics cards?)\b",
    re.I,
)
OFF_TOPIC = (
    "That's outside what I can help with: I'm a tutor for generative AI "
    "and answer from your notes. "
    "Ask me about GANs, VAEs, transformers, tokenization, or anything else in them."
)


def reply(text: str, off_topic: bool = False) -> str:
    return OFF_TOPIC if off_topic else small_talk(text) or OFF_TOPIC


def app_reply(text: str) -> str | None:
    """The reply to a question about the learner's record, steering a demo or the hardware
    the tutor needs; None for anything else (a question about what the app does included)."""
    t = text.lower()
    for pattern, answer in ((_PROGRESS_QUESTION, PROGRESS), (_STEER_QUESTION, STEER_HELP),
                            (_HARDWARE_QUESTION, HARDWARE)):
        # a question about what the app does ("does the quiz track my progress?") gets the
        # help text (small_talk)
        if pattern.search(t) and not APP_QUESTION.search(t):
            return answer
    return None


def small_talk(text: str) -> str | None:
    """The reply to thanks, a farewell, a greeting or a question about the tutor itself; None
    for anything else, which the chat node would redirect as off-topic."""
    if (answer := app_reply(text)) is not None:
        return answer
    t = text.lower()
    if re.search(r"\b(thank|thanks|thx|cheers|great|awesome|cool|nice)\b", t):
        return THANKS
    if re.search(r"\b(bye|goodbye|good night|see you)\b", t):
        return BYE
    # questions about the tutor itself ("how do I use this app?") get the help text
    # "help", "can you help me?", but not "help me write a cover letter": asked to help with
    # something else, the tutor says what it is for (OFF_TOPIC), not how to use it
    if re.search(r"\bhelp\b(?!\s+(?:me\s+)?(?:to\s+)?(?:with|write|make|fix|find|plan|do|"
                 r"cook|choose|pick|get)\b)", t) or re.search(
        r"\b(what can you do|who are you|what commands|how (do|can|should) i use"
        r"|this (tutor|app|application|program|tool)|the (tutor|app))\b",
        t,
    ) or APP_QUESTION.search(t) or APP_FEATURE.search(t):
        return HELP
    if re.search(r"\b(hi|hello|hey|morning|evening|afternoon|yo)\b", t):
        return GREETING
    return None


_ABOUT = {
    "loss": "Wasserstein GAN loss more stable training",
    "lr": "learning rate training",
    "lr_scale": "learning rate training",
    "beta": "beta-VAE hyperparameter beta disentanglement",
    "temperature": "temperature sampling next token randomness",
    "top_k": "top-k sampling",
    "top_p": "top-p nucleus sampling",
}
# A quote must name what changed; a merely "relevant" passage about training in general
# (say, a list of courses) would only mislead.
_MUST_MENTION = {"loss": "wasserstein", "lr": "learning rate", "lr_scale": "learning rate",
                 "beta": "beta", "temperature": "temperature", "top_k": "top-k",
                 "top_p": "top-p"}


def explain_control(action: str, changes: dict[str, Any], notes: list[str], knowledge: Any) -> str:
    """What changed in the running demo, and what the notes say about it (cited)."""
    if action != "set":
        text = {
            "pause": "Paused the demo.",
            "resume": "Resumed the demo.",
            "stop": "Stopped the demo.",
            "more": "Asked the last demo to train more.",
        }[action]
        return text
    if set(changes) == {"pick"}:  # a token chosen in the sampling demo: nothing to look up
        return _pick_text(changes["pick"]) + "".join(f" {n}" for n in notes)
    parts = []
    for key, value in changes.items():
        if key == "lr_scale":
            parts.append(f"learning rate multiplied by {value:g}")
        elif key == "loss":
            parts.append(
                "loss switched to WGAN-GP"
                if value == "wgan-gp"
                else "loss switched to the standard GAN loss"
            )
        elif isinstance(value, int | float) and not isinstance(value, bool):
            parts.append(f"{key} set to {value:g}")
        else:
            parts.append(f"{key} set to {value!r}")
    text = "Changed the running demo: " + "; ".join(parts) + "." + "".join(f" {n}" for n in notes)
    key = next(iter(changes))
    try:
        passages = [
            p for p in knowledge.retrieve(_ABOUT.get(key, key), k=3) if p.relevant and not p.empty
        ]
    except TutorError:  # the explanation is a nicety; steering must not fail on it
        passages = []
    term = _MUST_MENTION.get(key, key.replace("_", " "))
    for p in passages:
        hit = next((x for x in sentences(p.text.replace("**", "")) if term in x.lower()), None)
        if hit:
            text += f' The notes ({p.note} › {p.section}): "{hit[:240]}"'
            break
    else:
        text += " (Your notes don't discuss this setting.)"
    return text


def _pick_text(pick: Any) -> str:
    if pick == "model":
        return "The model draws this token itself."
    if pick == "auto":
        return "The model draws the rest of the tokens."
    if isinstance(pick, int):
        return f"Taking candidate {pick} as the next token."
    return f"Taking {pick!r} as the next token."


def restart_text(name: str | None, changes: dict[str, Any], notes: list[str]) -> str:
    """'Restarting the diffusion demo with guidance 5.': a launch setting changed while the
    demo ran, so it starts again with it (and the rest of its current settings)."""
    said = " and ".join(f"{key.replace('_', ' ')} {_shown(value)}" for key, value in
                        changes.items() if key not in STEPS)
    moves = " and ".join(_move(STEPS[key], value) for key, value in changes.items()
                         if key in ("head_step", "layer_step") and isinstance(value, int))
    relative = [_relative(STEPS[key], key, value) for key, value in changes.items()
                if key in STEPS and key not in ("head_step", "layer_step")]
    said = " and ".join(x for x in (said, *relative) if x)
    demo = f"the {name} demo" if name else "the demo"
    text = f"Restarting {demo}" + (f" with {said}" if said else "") + \
        (f", moving {moves}" if moves else "") + "."
    text += " It takes that only at launch: the run starts again from scratch, its other " \
            "settings kept."
    return text + "".join(f" {n}" for n in notes)


def _relative(setting: str, key: str, value: Any) -> str:
    """'batch size times 2', 'guidance up by 1.5', 'steps up by 30': a relative change of a
    launch setting in words (the app applies it to the run's current value)."""
    name = setting.replace("_", " ")
    if key.endswith("_scale"):
        return f"{name} times {_shown(value)}"
    return f"{name} {'up' if value > 0 else 'down'} by {_shown(abs(value))}"


def _move(setting: str, step: int) -> str:
    """'to the next head', 'to the previous layer', '2 heads back': a relative move in words (the
    app adds it to the run's current value; from the mean over heads, the next is head 0)."""
    if step == 1:
        return f"to the next {setting}"
    if step == -1:
        return f"to the previous {setting}"
    return f"{abs(step)} {setting}s {'on' if step > 0 else 'back'}"


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:59] + "…")
    return str(value)
