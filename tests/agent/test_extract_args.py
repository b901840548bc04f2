"""Arguments a demo request states, read right (issue #11): numbers in words, labelled
fields, negated choices, numbers bound to the unit after them, BLEU's labelled roles, a
setting inside a question-shaped request, text in any script, and quiz topics. Pure: no
model, no embedder. The phrasings are this file's own, not rows of the evaluation sets."""

from __future__ import annotations

import pytest

from tutor.agent.extract import demo_args
from tutor.agent.quiz_topic import quiz_topic
from tutor.agent.tools import demo_route


@pytest.mark.parametrize(
    ("name", "text", "want"),
    [
        ("gan", "train the gan with a learning rate of one thousandth", {"lr": 0.001}),
        ("vae", "vae, lr of half a thousandth please", {"lr": 0.0005}),
        ("diffusion", "diffusion with a learning rate of ten to the minus four", {"lr": 1e-4}),
        ("gan", "run the gan for two and a half thousand steps", {"steps": 2500}),
        ("gan-digits", "digits gan for three thousand five hundred iterations", {"steps": 3500}),
        ("vae", "vae for two hundred and fifty steps with beta of one point five",
         {"steps": 250, "beta": 1.5}),
        ("sampling", "sample at temperature zero point six", {"temperature": 0.6}),
    ],
)
def test_numbers_in_words(name: str, text: str, want: dict) -> None:
    got = demo_args(text, name)
    assert {k: got.get(k) for k in want} == pytest.approx(want)


@pytest.mark.parametrize(
    ("name", "text", "want"),
    [
        ("gan-digits", "gan-digits seed=9 steps=1200", {"seed": 9, "steps": 1200}),
        ("vae", "vae latent_dim=6 steps=2500", {"latent_dim": 6, "steps": 2500}),
        ("gan", "gan, loss=wasserstein, dataset=grid, batch_size=96",
         {"loss": "wgan-gp", "dataset": "grid", "batch_size": 96}),
        ("finetune", "fine-tune the pirate adapter with r=32", {"rank": 32}),
        ("sampling", "sampling demo, temp: 0.4, top_k: 12", {"temperature": 0.4, "top_k": 12}),
    ],
)
def test_labelled_fields(name: str, text: str, want: dict) -> None:
    got = demo_args(text, name)
    assert {k: got.get(k) for k in want} == want


def test_a_label_that_names_no_setting_is_left_alone() -> None:
    # "colour" is no setting of the GAN, "loss=banana" no loss it has: neither is taken
    got = demo_args("gan, colour=blue, loss=banana, 600 steps", "gan")
    assert got == {"steps": 600}


@pytest.mark.parametrize(
    ("name", "text", "want"),
    [
        ("gan", "use the standard loss, not the wasserstein one, on the ring",
         {"loss": "gan", "dataset": "ring"}),
        ("gan", "gan on the grid but definitely no wgan", {"loss": "gan", "dataset": "grid"}),
        ("gan", "try wasserstein instead of the regular loss", {"loss": "wgan-gp"}),
        ("gan", "ring data and a non-wasserstein loss", {"loss": "gan", "dataset": "ring"}),
        ("diffusion", "sample with a non-ddim sampler", {"sampler": "ddpm"}),
        ("gan", "the gan on the grid, not the ring", {"dataset": "grid"}),
        ("gan", "train the gan, anything but the ring dataset", {"dataset": "grid"}),
        ("diffusion", "diffusion sampling with ddim rather than ddpm", {"sampler": "ddim"}),
        ("diffusion", "diffusion on the spiral, but not with ddim",
         {"sampler": "ddpm", "dataset": "spiral"}),
        ("vae", "a vae but not a conditional one, latent size 3",
         {"conditional": False, "latent_dim": 3}),
        ("vae", "train the vae conditioned on the class and have it generate only 4s",
         {"conditional": True, "digit": 4}),
    ],
)
def test_a_negated_option_is_never_chosen(name: str, text: str, want: dict) -> None:
    got = demo_args(text, name)
    assert {k: got.get(k) for k in want} == want


@pytest.mark.parametrize(
    ("name", "text", "want"),
    [
        ("diffusion", "diffusion on the ring with twenty sampling steps",
         {"sampling_steps": 20, "dataset": "ring"}),
        ("diffusion", "diffusion: fifteen hundred training steps, then forty ddim steps",
         {"sampling_steps": 40, "steps": 1500}),
        ("sampling", "sample fifty tokens from the model", {"steps": 50}),
        ("vae", "12 latent dimensions and a vae making 6s", {"latent_dim": 12, "digit": 6}),
        ("gan", "gan with a gradient penalty strength of 3", {"r1": 3}),
        ("diffusion", "diffusion drawing handwritten 2s, guidance of 4",
         {"dataset": "digits", "digit": 2, "guidance": 4}),
        ("diffusion", "diffusion making 8s, guidance strength 2.5",
         {"digit": 8, "guidance": 2.5}),
        ("diffusion", "ddpm for 3000 steps on the spiral, then sample using ddim over 40 steps",
         {"steps": 3000, "dataset": "spiral", "sampler": "ddim", "sampling_steps": 40}),
        ("gan", "a gan on blobs placed around a circle", {"dataset": "ring"}),
        ("gan", "a gan on a 5 by 5 layout of blobs", {"dataset": "grid"}),
    ],
)
def test_numbers_bound_to_their_unit(name: str, text: str, want: dict) -> None:
    got = demo_args(text, name)
    assert {k: got.get(k) for k in want} == want


@pytest.mark.parametrize(
    "text",
    [
        "bleu with candidate = my dog ate it and reference = the dog ate it",
        "bleu: reference = the dog ate it, candidate = my dog ate it",
        "score this, reference: 'the dog ate it' and candidate: 'my dog ate it'",
        "bleu for 'my dog ate it' with 'the dog ate it' as the reference",
        "bleu: the reference is 'the dog ate it', the candidate 'my dog ate it'",
    ],
)
def test_bleu_roles_by_their_labels_in_either_order(text: str) -> None:
    assert demo_args(text, "bleu") == {"text": "my dog ate it", "reference": "the dog ate it"}


def test_bleu_reference_alone() -> None:
    assert demo_args("bleu with reference: Rain is expected later.", "bleu") == {
        "reference": "Rain is expected later."
    }


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("what would happen if I push the temperature up to 1.7? show me", {"temperature": 1.7}),
        ("sampling with temperature turned down to 0.3 and top-k set at 20",
         {"temperature": 0.3, "top_k": 20}),
    ],
)
def test_a_setting_inside_a_question_shaped_request(text: str, want: dict) -> None:
    got = demo_args(text, "sampling")
    assert {k: got.get(k) for k in want} == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("tokenize 🐍🚀✨", "🐍🚀✨"),
        ("tokenize Доброе утро", "Доброе утро"),
        ("show me how the tokenizer splits 猫が好きです", "猫が好きです"),
        # number words are the learner's text here, not a number to read
        ("tokenize forty two bananas", "forty two bananas"),
        ("split Ωμέγα καλημέρα into tokens", "Ωμέγα καλημέρα"),
        ("how would the tokenizer handle 🍣🍜?", "🍣🍜"),
        ("what tokens does 안녕하세요 turn into? show me", "안녕하세요"),
        ("tokenize these: 🌧️ + ☂️", "🌧️ + ☂️"),
        ("tokenize the emoji 🦄 please", "🦄"),
        ('tokenize "really?"', "really?"),  # quoted: exactly as typed
    ],
)
def test_text_to_split_in_any_script_is_kept_as_typed(text: str, want: str) -> None:
    assert demo_args(text, "tokenize")["text"] == want


def test_finetune_steps_above_the_cap_are_clamped_with_a_note() -> None:
    route = demo_route("finetune", demo_args("lora at rank 8 for 450 steps", "finetune"))
    assert route.args["rank"] == 8
    assert route.args["steps"] == 200  # the demo's own cap (demos/params.py)
    assert any("steps" in note and "200" in note for note in route.notes)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("RLHF flashcards", "rlhf"),
        ("check if I understood beam search", "beam search"),
        ("could you make a quiz of prompt injection for me", "prompt injection"),
        ("GAN quiz", "gan"),
    ],
)
def test_quiz_topic_stated_without_on_or_about(text: str, want: str) -> None:
    assert quiz_topic(text) == {"topic": want}


@pytest.mark.parametrize(
    "text",
    [
        "quiz me on everything we covered",
        "a short test on the notes please",
        "quiz of the whole chapter",
        "pop quiz!",
    ],
)
def test_a_scope_is_no_quiz_topic(text: str) -> None:
    assert quiz_topic(text) == {}


@pytest.mark.parametrize(
    ("name", "text", "want"),
    [
        ("attention", "attention for 'she didn't see the bus coming'",
         "she didn't see the bus coming"),
        ("tokenize", "tokenize 'we're not done yet'", "we're not done yet"),
        ("sampling", "sample from 'it's raining and' at temperature 0.8",
         "it's raining and"),
    ],
)
def test_a_single_quoted_span_may_hold_an_apostrophe(name: str, text: str, want: str) -> None:
    assert demo_args(text, name)["text"] == want


def test_a_setting_with_two_letters_swapped_is_still_read() -> None:
    assert demo_args("run the gan for 4k stpes", "gan") == {"steps": 4000}


def test_numbers_inside_quoted_data_are_not_settings() -> None:
    got = demo_args("attention on 'layer 4 of the cake is jam', head 3", "attention")
    assert got == {"text": "layer 4 of the cake is jam", "head": 3}
    got = demo_args("continue 'she ran 5 steps ahead' at temperature 0.9", "sampling")
    assert got == {"text": "she ran 5 steps ahead", "temperature": 0.9}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("break this up into tokens plz: floccinaucinihilipilification",
         "floccinaucinihilipilification"),
        ("tokenise thx: pneumonoultramicroscopic", "pneumonoultramicroscopic"),
        ("run the tokenizer on please: see you soon", "see you soon"),
    ],
)
def test_a_polite_word_before_the_colon_is_not_the_data(text: str, want: str) -> None:
    assert demo_args(text, "tokenize")["text"] == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("start the tokenize demo with: antidisestablishment", "antidisestablishment"),
        ("tokenize demo for: see you at noon", "see you at noon"),
        ("tokenize for loops", "for loops"),  # no colon: the words after the verb are data
    ],
)
def test_the_demo_and_a_preposition_before_the_colon_are_not_the_data(text: str,
                                                                      want: str) -> None:
    assert demo_args(text, "tokenize")["text"] == want


def test_a_polite_word_before_the_colon_leaves_the_data_out_of_the_request() -> None:
    from tutor.agent.router import without_payload

    assert without_payload("compute bleu for pls: the dog ran home") == "compute bleu for"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("which words hang out near 'tree'? run the embeddings demo", "tree"),
        ("what sits around the word lamp? show it in embeddings", "lamp"),
    ],
)
def test_near_names_the_word_to_look_around(text: str, want: str) -> None:
    assert demo_args(text, "embeddings").get("query") == want


def test_near_without_a_word_names_no_query() -> None:
    assert "query" not in demo_args("map cat, dog, car near the end of the list", "embeddings")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # digits faked, or a model learning to draw them, with no model named: the GAN's
        ("I want to see a network learn to draw digits", "gan-digits"),
        ("produce some fake mnist numbers", "gan-digits"),
        ("show a model learning how to write handwritten numbers", "gan-digits"),
        # a given digit, or the VAE named, stays the VAE's
        ("draw me a 4", "vae"),
        ("can I watch an autoencoder learn to draw digits", "vae"),
    ],
)
def test_digits_learnt_or_faked_name_the_gan_on_digits(text: str, want: str) -> None:
    from tutor.agent.extract import demo_name

    assert demo_name(text) == want


def test_a_batch_size_for_digits_learnt_is_the_gans_setting() -> None:
    from tutor.agent.extract import demo_name

    text = "let a network learn to make fake handwritten numbers, seed 9 batch 32, 700 steps"
    name = demo_name(text)
    assert name == "gan-digits"
    assert demo_args(text, name) == {"seed": 9, "batch_size": 32, "steps": 700}
