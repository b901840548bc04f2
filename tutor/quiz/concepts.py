"""Concepts a quiz item belongs to, assigned by keyword rules; topic matching for "quiz me on X"."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from tutor.errors import QuizError
from tutor.language import fold, stem

# Ordered: the first concept whose pattern matches wins, so specific ones come first.
_RULES: tuple[tuple[str, str], ...] = (  # fmt: skip
    ("tokenization", r"\btokeni[sz]\w*|\btokens?\b"),
    ("embeddings", r"\bembedding|\bvector representation|king - man"),
    (
        "gan",
        r"\bgans?\b|adversarial|discriminator|\bgenerator\b|stylegan|cyclegan|"
        r"dcgan|wgan|wasserstein|counterfeit",
    ),
    (
        "vae",
        r"\bvaes?\b|autoencoder|beta-vae|\bcvae|latent space|(?<!positional )\bencoding\b|"
        r"\bdecoding\b",
    ),
    ("diffusion", r"diffusion|denois|gaussian noise|removing noise|random noise|\bnoise\b"),
    ("evaluation", r"\bevaluat|\bfid\b|\bbleu\b|metric"),
    (
        "training",
        r"pre-?training|fine-?tun|\brlhf\b|human feedback|training stage|"
        r"\btraining data\b|\bsampling\b|data collection|model training|"
        r"instruction-tuned",
    ),
    (
        "llm",
        r"\bllms?\b|large language model|gpt|\bbert\b|\bt5\b|roberta|\bbart\b|"
        r"palm|language model|chatbot|encoder-only|encoder-decoder|multimodal|"
        r"multi-modal",
    ),
    (
        "transformer",
        r"transformer|attention|positional|\bencoder\b|\bdecoder\b|residual|"
        r"softmax|feed forward|add & normali",
    ),
    ("autoregressive", r"autoregressive|pixelcnn|pixelsnail|sequential|one token at a time"),
    (
        "ethics",
        r"ethic|\bbias|deepfake|misinformation|misuse|copyright|ownership|"
        r"fairness|plagiarism|intellectual property|responsible|fake news|"
        r"propaganda|challenge|limitation|interpretab|quality control|"
        r"computational cost",
    ),
    (
        "history",
        r"histor|milestone|evolution|early (?:work|models)|revolution|\b(?:19|"
        r"20)\d\d\b",
    ),
    (
        "applications",
        r"applicat|use case|where they are used|industr|healthcare|marketing|"
        r"gaming|education|design|content creation|customer support|domain|drug|"
        r"music|video generation|image generation|audio generation|"
        r"text generation",
    ),
    (
        "tools",
        r"pytorch|tensorflow|keras|hugging ?face|diffusers|openai api|colab|"
        r"jupyter|framework|librar|sagemaker|cloud|platform",
    ),
    (
        "foundations",
        r"neural network|deep learning|\bdnn|machine learning|generative model|"
        r"discriminative|generative ai|artificial intelligence|what is|definition|concept|benefit|"
        r"advantage|future|sampling",
    ),
)
CONCEPT_RULES: tuple[tuple[str, str], ...] = _RULES
CONCEPTS: tuple[str, ...] = tuple(dict.fromkeys(c for c, _ in CONCEPT_RULES))
DEFAULT_CONCEPT = "foundations"
_COMPILED = tuple((c, re.compile(p, re.IGNORECASE)) for c, p in CONCEPT_RULES)

ALIASES: dict[str, tuple[str, ...]] = {
    "gan": (
        "gan",
        "gans",
        "generative adversarial network",
        "adversarial",
        "generator",
        "discriminator",
    ),
    "vae": ("vae", "vaes", "variational autoencoder", "autoencoder", "latent space", "latent"),
    "diffusion": ("diffusion", "diffusion model", "stable diffusion", "denoising"),
    "transformer": ("transformer", "transformers", "attention", "self-attention"),
    "tokenization": ("tokenization", "tokenisation", "tokenizer", "tokens", "token", "bpe"),
    "embeddings": ("embedding", "embeddings", "vectors"),
    "llm": ("llm", "llms", "large language model", "language model", "llm types", "gpt", "bert"),
    "autoregressive": ("autoregressive", "autoregressive model"),
    "training": ("training", "training stages", "fine-tuning", "finetuning", "pretraining", "rlhf"),
    "evaluation": ("evaluation", "metrics", "fid", "bleu"),
    "ethics": ("ethics", "ethical", "bias", "deepfakes", "challenges", "risks"),
    "applications": ("applications", "uses", "use cases"),
    "history": ("history", "milestones", "evolution"),
    "tools": ("tools", "frameworks", "libraries", "pytorch", "tensorflow", "hugging face"),
    "foundations": ("foundations", "basics", "fundamentals", "generative ai", "genai", "intro"),
}

# The demo a concept's questions offer (after a missed question, in the progress table and
# screen); each name is a demo in demos.registry.
DEMOS: dict[str, str] = {
    "gan": "gan",
    "vae": "vae",
    "tokenization": "tokenize",
    "diffusion": "diffusion",
    "evaluation": "bleu",
    "embeddings": "embeddings",  # neighbours, king - man + woman, a map of the notes' words
    "transformer": "attention",  # self-attention weights and positional encodings
    "autoregressive": "sampling",  # one token at a time, each conditioned on the ones before
    "llm": "sampling",  # how a language model picks its next word
    "training": "finetune",  # a LoRA fine-tune, placed among the training stages
}


def known_concept(*texts: str) -> str | None:
    """The known concept the most specific text names (first rule wins), or None."""
    for text in texts:
        if not text:
            continue
        for concept, pattern in _COMPILED:
            if pattern.search(text):
                return concept
    return None


def assign_concept(*texts: str) -> str:
    """The first rule matching the most specific text wins (term, then section, then body)."""
    return known_concept(*texts) or DEFAULT_CONCEPT


def _key(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", fold(text))
    drop = {"model", "models", "the", "a", "an", "on", "about", "quiz", "me", "of", "and"}
    return " ".join(stem(w) for w in words if w not in drop)


def match_topic(topic: str, concepts: Sequence[str]) -> list[str]:
    """Concept names a free-form topic refers to ("VAEs", "transformers", "gan", "puck prep",
    "coffee species"), best first: a name equal to the topic, else names whose every word the
    topic uses ("coffee extraction" -> "extraction"); a one-word topic inside a longer name
    only for known concepts, since "espresso" is more than a section "what espresso is"."""
    key = _key(topic)
    if not key:
        return []
    hits: list[str] = []
    for concept in concepts:
        names = (concept, *ALIASES.get(concept, ()))
        if any(_key(name) == key for name in names):
            hits.append(concept)
    if hits:
        return hits
    words = set(key.split())
    for concept in concepts:
        names = (concept, *ALIASES.get(concept, ()))
        if any(_key(name) and set(_key(name).split()) <= words for name in names) or (
            concept in ALIASES and any(key in _key(name).split() for name in names)
        ):
            hits.append(concept)
    return hits


def topic_matches_text(topic: str, texts: Iterable[str]) -> bool:
    """Whether every word of the topic (stemmed) occurs in the given texts (e.g. section path)."""
    key = _key(topic).split()
    if not key:
        return False
    bag = set(_key(" ".join(texts)).split())
    return all(k in bag for k in key)


def best_text_matches(topic: str, texts: Sequence[Iterable[str]]) -> list[int]:
    """Which items' texts (section, question, answer) a topic is about: those using all its
    words; failing that, those sharing its rarest words ("coffee extraction" in notes where
    coffee is everywhere and extraction in a few sections) if the notes use every word."""
    key = set(_key(topic).split())
    if not key:
        return []
    bags = [set(_key(" ".join(t)).split()) for t in texts]
    full = [i for i, bag in enumerate(bags) if key <= bag]
    if full:
        return full
    df = {k: sum(k in bag for bag in bags) for k in key}
    if not all(df.values()):
        return []  # a word no item uses: the notes are not about this topic
    weight = {k: math.log(1 + len(bags) / n) for k, n in df.items()}
    scores = [sum(weight[k] for k in key & bag) for bag in bags]
    best = max(scores)
    return [i for i, score in enumerate(scores) if score >= best - 1e-9]


_HINTED = 12  # a user's notes may have dozens of section concepts: name the first few


def unknown_topic(topic: str, concepts: Sequence[str]) -> QuizError:
    return QuizError(
        f"There are no quiz items about {topic!r}.",
        f"Try one of: {', '.join(concepts[:_HINTED])}{', …' if len(concepts) > _HINTED else ''}.",
    )
