"""What a section's own heading says (tutor/agent/headings.py): the check reads it, and notes'
sentences quoted from under a list item are led by it."""

from __future__ import annotations

from knowledge.types import Passage
from tutor.agent.compose import compose
from tutor.agent.headings import as_checked, led_by_item, own_heading

MODELS = "Models › Transformer models › c. GPT (Generative Pre-trained Transformer)"
GPT = Passage(
    "models", MODELS, "A popular autoregressive model for text generation, predicting the "
    "next word from the previous words. It writes stories, answers and code.", 1.0, True)
T5 = Passage(
    "models", "Models › Transformer models › e. T5 (Text-To-Text Transfer Transformer)",
    "Frames every language task as text to text, with an encoder and a decoder. Handles "
    "translation and summarisation.", 1.0, True)
OFF = "Bananas are yellow fruits grown in tropical countries worldwide."


def test_the_own_heading_is_the_last_of_the_path_without_its_list_mark() -> None:
    assert own_heading(MODELS) == "GPT (Generative Pre-trained Transformer)"
    assert own_heading("Intro › 2. Diffusion Models") == "Diffusion Models"
    assert as_checked("Intro › Why now?", "Because of GPUs.") == "Why now?\nBecause of GPUs."


def test_a_sentence_the_heading_states_is_supported(checker) -> None:
    draft = "GPT stands for Generative Pre-trained Transformer. [1]"
    a = compose("GPT is short for what?", draft, [GPT], checker)
    assert a.sentences[0]["supported"] and not a.unsupported
    # the same sentence against the body alone, under a heading that does not spell it out
    body_only = Passage("models", "Models › Transformer models", GPT.text, 1.0, True)
    shown = compose("GPT is short for what?", draft, [body_only], checker)
    assert shown.unsupported == ["GPT stands for Generative Pre-trained Transformer."]


def test_a_list_item_quoted_without_its_name_is_led_by_its_heading(checker) -> None:
    a = compose("Which model type fits translating and summarising articles?", OFF, [T5],
                checker)
    assert "T5 (Text-To-Text Transfer Transformer): " in a.text
    assert "translation" in a.text


def test_only_list_items_whose_sentences_never_name_them_get_a_lead() -> None:
    body = "Frames every task as text to text."
    assert led_by_item(T5.section, body).startswith("T5 (Text-To-Text Transfer Transformer): ")
    assert led_by_item(T5.section, "T5 frames every task as text.") == (
        "T5 frames every task as text.")
    assert led_by_item("Intro › Why Is It So Important Now?", body) == body
    assert led_by_item("Intro › 3. Why now?", body) == body


def test_an_item_named_by_its_short_form_needs_no_lead() -> None:
    vae = "Models › 1. Variational Autoencoders (VAEs)"
    assert led_by_item(vae, "VAEs learn a latent space.") == "VAEs learn a latent space."
    assert led_by_item(vae, "They learn a latent space.").startswith(
        "Variational Autoencoders (VAEs): ")


def test_a_body_that_opens_with_its_own_label_is_not_led() -> None:
    body = "Computational Costs: Training needs a lot of GPU time."
    assert led_by_item("Notes › 5. Challenges in Generative AI", body) == body
