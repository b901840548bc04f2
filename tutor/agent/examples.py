"""Example utterances per intent for the semantic router, with negatives: questions that
mention a demo's topic ("what is a GAN?") are answers, not launches. Kept apart from the
labelled benchmark in bench/routing.jsonl so the benchmark stays honest.

routing_examples.jsonl (next to this file) adds 717 training messages written by two
independent annotators (T: 360, U: 357; each row keeps its author) from the tutor's
capability description alone, so the router learns from wording no rule here was written
for. U's rows that repeat an evaluation row's text word for word were left out, so that
the bench/ sets stay unseen."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

ANNOTATED = Path(__file__).with_name("routing_examples.jsonl")

# (intent, tool) -> utterances
EXAMPLES: dict[tuple[str, str | None], tuple[str, ...]] = {
    ("answer", None): (
        "what is a GAN?",
        "what is a generative adversarial network",
        "explain how a VAE works",
        "how does the discriminator work",
        "what does the generator do",
        "what is mode collapse",
        "why is WGAN more stable",
        "what is the Wasserstein distance",
        "define latent space",
        "what is beta in a beta-VAE",
        "how is a conditional VAE different",
        "what is tokenization",
        "what are embeddings",
        "how do transformers work",
        "what is attention",
        "what is an LLM",
        "what are the training stages of a language model",
        "what is fine-tuning",
        "what is RLHF",
        "what is diffusion",
        "how does stable diffusion make images",
        "what are autoregressive models",
        "what is the difference between GANs and VAEs",
        "explain the reparameterization trick",
        "what is the KL divergence term for",
        "what are the ethical concerns of generative AI",
        "what are deepfakes",
        "what is generative AI",
        "give me the history of generative AI",
        "what are applications of generative AI in healthcare",
        "how do we evaluate generative models",
        "what is a discriminative model",
        "what is prompt engineering",
        "what is temperature in sampling",
        "don't run anything, just explain GANs",
        "no demo please, just tell me what a VAE is",
        "without running it, how does a GAN learn?",
        "I don't want a demo, explain tokenization",
        "can you explain what a DCGAN is",
        "tell me about variational autoencoders",
        "summarize the notes on transformers",
        "what do my notes say about BPE",
        "how is the beta version different",
        "and what about the conditional one?",
        "what does a GAN training curve usually look like",
        "why does a GAN fail to converge",
        "what happens to the latent space when beta is large",
        "how many steps does GAN training take",
        "why does a higher temperature make the text more random",
        "what is nucleus sampling",
        "how does a language model choose its next word",
        "what is the difference between greedy decoding and sampling",
        "what does an attention head look at",
        "why do transformers need positional encodings",
        "how does rotary position embedding work",
        "why is the attention matrix triangular",
        "how do word embeddings capture meaning",
        "why is queen close to king in embedding space",
        "what is LoRA",
        "how many parameters does LoRA train",
        "why fine-tune a pretrained model instead of training from scratch",
        "what would happen at temperature zero",
    ),
    ("demo", "gan"): (
        "show me a GAN training",
        "run the GAN demo",
        "start the gan",
        "train a GAN for me",
        "let me watch a GAN learn",
        "demo a generative adversarial network",
        "launch GAN lab",
        "show me mode collapse happening",
        "run a WGAN on the grid",
        "train a gan on the ring dataset",
        "can you run a GAN with 2000 steps",
        "visualize a GAN learning gaussians",
        "play the GAN demo",
        "show me the generator and discriminator fighting",
        "let me see the two networks play their game against each other",
    ),
    ("demo", "gan-digits"): (
        "train a GAN on digits",
        "show a GAN drawing handwritten digits",
        "run the digit GAN",
        "can I watch a GAN generate numbers",
        "DCGAN demo on mnist digits",
        "watch a counterfeiter network learn to fake little handwritten numbers",
    ),
    ("demo", "vae"): (
        "show me a VAE",
        "run the VAE demo",
        "train a variational autoencoder",
        "can I watch a VAE learn digits",
        "draw a 7",
        "draw me a three",
        "generate some handwritten digits with a VAE",
        "show me the latent space of a VAE",
        "run a beta-VAE with beta 4",
        "start the autoencoder demo",
        "let me see a VAE reconstruct digits",
        "sketch the digit 5",
        "glide through the latent space from one digit to another",
        "invent some new handwritten digits for me",
    ),
    ("demo", "diffusion"): (
        "show me a diffusion model denoising",
        "run the diffusion demo",
        "train a diffusion model on the ring",
        "let me watch noise turn into samples",
        "show a DDPM learning to denoise digits",
    ),
    ("demo", "bleu"): (
        "launch the BLEU demo",
        "score my sentence against a reference with BLEU",
        "how many n-grams does my translation share with the reference, show me",
        "bleu score for my sentence please",
    ),
    ("demo", "tokenize"): (
        "tokenize 'hello world'",
        "show me how this sentence is split into tokens",
        'how would the model tokenize "unbelievable"',
        "run the tokenizer demo",
        "split this into tokens: cat",
        "show BPE merges learned live",
        "show me the tokens for 'generative AI'",
    ),
    ("demo", "sampling"): (
        "show me how the model picks the next word",
        "run the sampling demo",
        "what does temperature do to the next token, show me",
        "show top-k and top-p sampling on a sentence",
        "let me see greedy versus sampled generation",
        "generate a few words at a high temperature and show the probabilities",
        "show the candidate tokens and their probabilities at each step",
        "continue my sentence token by token",
        "I want to choose each next word myself",
        "next-token probabilities for a prompt of mine",
    ),
    ("demo", "attention"): (
        "show me the attention weights of a sentence",
        "run the attention demo",
        "which words does the model look at, show me",
        "show me a heatmap of self-attention",
        "let me see the causal mask in attention",
        "draw the attention matrix for my sentence",
        "show one attention head in a middle layer",
        "plot the sinusoidal position encoding",
        "what does each token attend to in this text, visualize it",
    ),
    ("demo", "embeddings"): (
        "show me king minus man plus woman",
        "run the embeddings demo",
        "which words are closest to king in the model",
        "draw a map of word embeddings",
        "show me word vectors and analogies",
        "put these words on a 2d map by meaning",
        "cluster some words by their vectors",
        "find the nearest neighbours of a word",
    ),
    ("demo", "finetune"): (
        "fine-tune the model for me",
        "run the fine-tuning demo",
        "show me LoRA training on the small model",
        "teach the model to talk like a pirate",
        "let me watch a model being fine-tuned",
        "train an adapter and compare the answers before and after",
        "adapt the small LLM to a new style live",
        "do a quick LoRA run with a bigger rank",
    ),
    ("quiz", "quiz"): (
        "quiz me",
        "quiz me on VAEs",
        "test my knowledge of GANs",
        "ask me some questions about transformers",
        "give me a quiz",
        "I want to practice",
        "can you test me",
        "let's do flashcards on tokenization",
        "check what I know about embeddings",
        "start a quiz",
        "question me on diffusion models",
        "what's due for review",
        "test me on the training stages",
        "a handful of questions so I can see if it stuck",
        "throw some questions at me to check my understanding",
    ),
    ("chat", None): (
        "hi",
        "hello",
        "hey there",
        "good morning",
        "thanks",
        "thank you",
        "thanks a lot, that helped",
        "ok",
        "cool",
        "great",
        "bye",
        "see you later",
        "who are you",
        "what can you do",
        "help",
        "what commands can I type here",
        "how does this app work",
        "what demos can I run here",
        "does the quiz remember my results",
        "can I come back to this chat later",
        "how do I bake bread",
        "what's the weather today",
        "tell me a joke",
        "who won the football game",
        "recommend a movie",
        "what is the capital of France",
        "how do I fix my car",
        "write me a poem about cats",
        "what time is it",
        "nice",
        "awesome, thanks",
        "I'm bored",
        "how are you",
    ),
}


def labelled() -> list[tuple[str, str, str | None]]:
    """Flat (text, intent, tool) rows: the hand-written examples, then the annotated ones."""
    hand = [(text, intent, tool) for (intent, tool), texts in EXAMPLES.items() for text in texts]
    return hand + list(annotated())


@cache
def annotated() -> tuple[tuple[str, str, str | None], ...]:
    """The annotator's training messages as (text, intent, tool); a quiz is ("quiz", "quiz")."""
    rows = [json.loads(line) for line in ANNOTATED.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return tuple((r["text"], *_label(r)) for r in rows)


def _label(row: dict) -> tuple[str, str | None]:
    """The row's label in the router's terms. Off-topic questions ("how do I bake bread")
    are chat here, as in EXAMPLES, where the annotator wrote answer: neither launches
    anything, and the notes still rescue a question they cover (Router._in_notes)."""
    if row["intent"] == "quiz":
        return "quiz", "quiz"
    if row.get("sort") == "offtopic":
        return "chat", None
    return row["intent"], row["tool"]
