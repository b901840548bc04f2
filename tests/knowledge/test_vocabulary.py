"""The terms a question names that the notes never use (knowledge/vocabulary.py), and what
retrieval and the tutor do with them."""

from __future__ import annotations

import pytest

from knowledge.vocabulary import NotesVocabulary

NOTES = [
    "# Training\n\nA generator and a discriminator compete. Heavy regularisation slows "
    "training. The variational autoencoder encodes data into a latent space.",
    "# Tokens\n\nByte pair encoding merges frequent pairs. GPT-3 has 175 billion parameters.",
]


@pytest.fixture(scope="module")
def vocab() -> NotesVocabulary:
    return NotesVocabulary(NOTES)


def test_a_specialist_term_the_notes_never_use_is_named(vocab: NotesVocabulary) -> None:
    assert vocab.unknown_terms("What is dropout in a discriminator?") == ["dropout"]
    assert vocab.unknown_terms("How does federated learning keep data private?") == [
        "federated"]


def test_everyday_words_and_numbers_are_never_taken_for_terms(vocab: NotesVocabulary) -> None:
    # none of these words is in the notes, but they are everyday English, or numbers
    assert vocab.unknown_terms("What happens to the pictures it makes besides 2024?") == []
    # quantities written short are numbers too
    assert vocab.unknown_terms("Could a 3B generator sort 20k photos 2x faster?") == []
    # the plural of an everyday word is everyday, though rarer in print than its singular
    assert vocab.unknown_terms("Any upsides or downsides to a discriminator?") == []
    assert vocab.unknown_terms("How are dropouts used in a generator?") == ["dropouts"]
    # so is the adverb of an everyday adjective; a term's adverb stays a term
    assert vocab.unknown_terms("Can a generator reliably and cheaply encode data?") == []
    assert vocab.unknown_terms("Does a generator train stochastically?") == ["stochastically"]


def test_forms_and_misspellings_of_a_notes_word_are_known(vocab: NotesVocabulary) -> None:
    assert vocab.unknown_terms("Which regulariser is heaviest?") == []  # heavy, regularisation
    assert vocab.unknown_terms("what does the discrimnator do?") == []  # a typo
    assert vocab.unknown_terms("how do autoencoders encode?") == []  # plural of a notes word


def test_retrieval_finds_nothing_relevant_for_an_unknown_term(notes_kb) -> None:
    """The shipped notes are close in meaning to "dropout in deep neural networks" (they
    explain deep neural networks) but never mention dropout."""
    question = "Why do deep neural networks use Dropout layers?"
    assert notes_kb.unknown_terms(question) == ["Dropout"]
    passages = notes_kb.retrieve(question, k=5)
    assert passages and not any(p.relevant for p in passages)
    assert notes_kb.unknown_terms("What does the discriminator of a GAN do?") == []
    assert any(p.relevant for p in notes_kb.retrieve("What does the discriminator of a GAN do?"))


def test_an_acronym_the_notes_spell_out_is_known() -> None:
    vocab = NotesVocabulary(["Early work used Hidden Markov Models and Gaussian mixtures."])
    assert vocab.unknown_terms("Why were HMMs limited?") == []
    assert vocab.unknown_terms("Why were LSTMs limited?") == ["LSTMs"]  # not spelled out, as typed
    assert vocab.unknown_terms("why were hmms limited?") == ["hmms"]  # only typed as an acronym


def test_words_about_words_name_no_topic(vocab: NotesVocabulary) -> None:
    assert vocab.unknown_terms("What does the acronym GPT stand for?") == []


def test_a_slip_in_an_everyday_word_is_not_a_term_when_the_question_names_the_notes(
    vocab: NotesVocabulary,
) -> None:
    assert vocab.unknown_terms("whats the diffrence between a generator and a discriminator?") == []
    assert vocab.unknown_terms("wat does the discriminator do?") == []  # a function word's slip
    # alone, a word one slip from an everyday one may still be a term: perceptron / perception
    assert vocab.unknown_terms("what is a perceptron?") == ["perceptron"]
    # a different ending is another word, not a slip: "exchanger" is not "exchange"
    assert vocab.unknown_terms("does the discriminator use a heat exchanger?") == ["exchanger"]


def test_an_acronym_is_spelled_out_only_by_a_capitalised_name() -> None:
    vocab = NotesVocabulary([
        "Hidden Markov Models came first. A pre-trained, capable adapter helps; we "
        "prefer compact answers."
    ])
    assert vocab.unknown_terms("what are HMMs?") == []  # Hidden Markov Models
    # "pre-trained, capable adapter" and "prefer compact answers" begin with p, c, a by chance
    assert vocab.unknown_terms("what is PCA?") == ["PCA"]


def test_a_decade_is_a_number_not_a_term(vocab: NotesVocabulary) -> None:
    assert vocab.unknown_terms("what did a discriminator look like in the 90s?") == []
    assert vocab.unknown_terms("can a generator make 64x64x4 latents?") == ["64x64x4"]


def test_a_hyphenated_notes_word_written_as_one_is_known() -> None:
    vocab = NotesVocabulary(["# Models\n\nA pre-trained model is fine-tuned on a small set."])
    assert vocab.unknown_terms("is a finetuned model better than a pretrained one?") == []
    # two notes words that only happen to spell a new term joined are not one of theirs
    vocab = NotesVocabulary(["# Light\n\nA photo of a chemical synthesis in the lab."])
    assert vocab.unknown_terms("what is photosynthesis?") == ["photosynthesis"]


def test_a_learner_s_clipped_form_of_a_notes_word_is_known() -> None:
    vocab = NotesVocabulary(["# Uses\n\nPharmaceutical firms screen molecules with models."])
    assert vocab.unknown_terms("is this any use in pharma?") == []
    # a longer word that merely starts like one of theirs is a term of its own
    assert vocab.unknown_terms("what is pharmacokinetics?") == ["pharmacokinetics"]


def test_a_notes_word_without_its_derivational_ending_is_known() -> None:
    vocab = NotesVocabulary(["# Faces\n\nStyleGAN makes photorealistic portraits."])
    assert vocab.unknown_terms("can it make photoreal portraits?") == []
    # a word that only starts the same way stays a term of its own
    assert vocab.unknown_terms("what is photogrammetry?") == ["photogrammetry"]


def test_a_term_named_with_a_letter_is_known_only_as_a_whole(vocab: NotesVocabulary) -> None:
    # "training" alone is a notes word; "q-training" is not theirs
    assert vocab.unknown_terms("what is q-training?") == ["q-training"]
    assert vocab.unknown_terms("how does the encoder map a 2-d latent space?") == []


def test_a_two_word_name_of_the_notes_written_as_one_is_known() -> None:
    vocab = NotesVocabulary(["# Tools\n\nModels are shared on Deep Forge, a model hub."])
    assert vocab.unknown_terms("how do I upload to deepforge?") == []
    # two words of the notes that are no name of theirs do not join: "model hub" is lower case
    assert vocab.unknown_terms("what is a modelhub?") == ["modelhub"]


def test_two_swapped_letters_in_a_short_everyday_word_are_a_slip(vocab: NotesVocabulary) -> None:
    assert vocab.unknown_terms("can a generator draw an imgae of a cat?") == []
    assert vocab.unknown_terms("what is yolo in a discriminator?") == ["yolo"]


def test_a_short_term_one_letter_from_chat_shorthand_is_still_a_term(
    vocab: NotesVocabulary,
) -> None:
    # "ppo" is one letter from "ppl" (people): shorthand is skipped, but no typo is a slip of it
    assert vocab.unknown_terms("does the discriminator train with PPO?") == ["PPO"]
    assert vocab.unknown_terms("any recs on a discriminator, imo?") == []


def test_who_the_learner_is_is_not_the_topic(vocab: NotesVocabulary) -> None:
    # the asker's job or workplace names no topic; the question is still about the notes
    assert vocab.unknown_terms("I'm a geochem student, what does a discriminator do?") == []
    assert vocab.unknown_terms("we're in a fintech startup: can a generator help?") == []
    assert vocab.unknown_terms("for my radiology class, is a latent space useful?") == []
    # the same word as the topic of the question is still a term the notes never use
    assert vocab.unknown_terms("how does geochem modelling use a discriminator?") == [
        "geochem"]
    assert vocab.unknown_terms("as a geochem student, can a generator help?") == []
    # "as a" inside a clause introduces a name, not the asker
    assert vocab.unknown_terms("is a generator known as a yolo net?") == ["yolo"]


def test_the_kind_of_an_organisation_is_not_the_topic(vocab: NotesVocabulary) -> None:
    # "pharma" says which companies are meant; whether the notes name one is retrieval's call
    assert vocab.unknown_terms("Which pharma company used a variational autoencoder?") == []
    assert vocab.unknown_terms("did a geochem lab train a generator?") == []
    # a word before a word that also follows terms ("unit", "group") is still a term
    assert vocab.unknown_terms("What is a GRU unit in a generator?") == ["GRU"]
    assert vocab.unknown_terms("What does pharma mean for a generator?") == ["pharma"]


def test_what_was_done_to_the_askers_things_is_no_term(vocab: NotesVocabulary) -> None:
    """A passive verb after "was", "got"... tells the asker's situation; the same kind of word
    asked about, naming a topic, or naming the problem ("is overfitting") is still a term."""
    assert vocab.unknown_terms("My drawings were hoovered up by a generator, is that ok?") == []
    assert vocab.unknown_terms("our latent space got clobbered, can a generator help?") == []
    assert vocab.unknown_terms("how is pruning done in a generator?") == ["pruning"]
    assert vocab.unknown_terms("is federated learning used for a generator?") == ["federated"]
    assert vocab.unknown_terms("my discriminator is overfitting, why?") == ["overfitting"]
