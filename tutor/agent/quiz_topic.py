"""The topic a quiz request states ("quiz me on GANs" -> gan, "practice questions on bias
and deepfakes" -> both kept), for the router. Pure regex work."""

from __future__ import annotations

import re
from typing import Any

_TOPICS = {
    # a variant keeps the learner's word ("wgan", "cvae"): it asks for less than the family
    "gan": r"\b(gans?|adversarial)\b",
    "vae": r"\b(vaes?|autoencoders?|variational)\b",
    # only a concept's own name: "attention" or "RLHF" stay the learner's words, which the
    # quiz matches itself (quiz/concepts.py), rather than a broader concept's items
    "transformer": r"\btransformers?\b",
    "tokenization": r"\btoken\w*|bpe\b",
    "embeddings": r"\bembeddings?\b",
    "diffusion": r"\bdiffusion\b",
    "llm": r"\bllms?|language models?\b",
    "training stages": r"\btraining stages?|pre-?train\w*\b",
    "ethics": r"\bethic\w*|bias\b",
    "evaluation": r"\bevaluat\w*|metrics?\b",
}


# Where a topic is stated, in order: "quiz me on X", "my understanding of X", "quiz: X",
# "a quiz of X", "flash cards for X", "check if I understood X", "RLHF flashcards".
_STATED = (
    r"\b(?:on|about|abt|(?:understanding|knowledge|grasp) of)\s+(?:the\s+)?([\w -]{2,40})",
    # "quiz time! sampling", "pop quiz: LoRA": the topic after the quiz and its mark
    r"\bquiz(?:\s+time)?\s*[!:]+\s*([\w -]{2,40})",
    r"\b(?:quiz(?:zes)?|tests?|questions|flash ?cards|drills?)\s+(?:of|for|in)\s+(?:the\s+)?"
    r"([\w -]{2,40})",
    r"\b(?:understood|understand|remember|know|learned|learnt)\s+(?:the\s+)?([\w -]{2,40})",
    r"^\s*([\w-]+(?: [\w-]+)?)\s+(?:flash ?cards|quiz(?:zes)?|questions|drills?)\b",
    # class "the topic before its noun", mid-sentence: "let's do a latent space quiz", "test
    # my fine-tuning knowledge"
    r"\b(?:a|an|the|my|some|another|few|couple of)\s+([\w-]+(?: [\w-]+)?)\s+(?:flash ?cards"
    r"|quiz(?:zes)?|questions|drills?|knowledge|understanding)\b",
)
# Not a subject but a request's scope or manner: "quiz me on everything we covered", "a
# short test on the notes", "a pop quiz", "multiple choice questions".
_NO_TOPIC = re.compile(
    r"^(?:(?:everything|anything|nothing|much|all|it|this|that|these|those|them|stuff|things"
    r"|what)\b.*"
    r"|(?:the |my |your )?(?:whole |entire |full )?"
    r"(?:notes|chapter|lesson|section|material|course|stuff)\b.*"
    r"|(?:a |an |some |the )?(?:pop|quick|short|little|small|few|another|more|new|next"
    r"|final|first|practice|review|multiple choice|\d+)(?: \w+)?)$",
    re.I,
)


def quiz_topic(text: str) -> dict[str, Any]:
    """The topic a quiz request states. One subject is given by its concept's name ("quiz
    on gans" -> gan); several joined by "and" ("bias and deepfakes") are kept as stated, since
    one concept's name would drop the others (the quiz matches each word). Either way a topic
    is lower-case, like the concepts' names ("pop quiz on LoRA" -> lora), and ends where its
    clause does ("attention heads - ask me something"). A leading article is not part of a
    topic ("the history of generative AI"), and a scope is none ("everything we covered")."""
    found = ""
    for pattern in _STATED:
        if m := re.search(pattern, text, re.I):
            found = m.group(1)
            break
    # it ends where its clause does: "attention heads - ask me something", "BLEU with a
    # quiz", "prompt engineering for me", "attention to see whether it stuck"
    phrase = re.split(r"\s+-+\s+|\s+(?:with|using|via|in)\s+(?:a|an|some)\b"
                      r"|\s+for\s+(?:me|us)\b"
                      r"|\s+(?:to|so(?: that)?)\s+"
                      r"(?:see|check|make sure|find out|test|know|i|we)\b",
                      found)[0]
    phrase = phrase.strip().lower()
    phrase = re.sub(r"\s+(?:please|pls|plz|now|again|today)$", "", phrase, flags=re.I)
    if _NO_TOPIC.match(phrase):
        phrase = ""
    several = " and " in f" {phrase.lower()} "
    for topic, pattern in _TOPICS.items():
        if not several and re.search(pattern, text, re.I):
            return {"topic": topic}
    return {"topic": phrase} if phrase else {}
