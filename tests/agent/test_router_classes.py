"""Router and extractors: classes of error found across the outside annotators' sets, each
tested with this file's own phrasings (never a set's rows). A class of false launch is
paired with requests of the same shape, which must still launch."""

from __future__ import annotations

import pytest

from tutor.agent.chat import HELP, reply
from tutor.agent.extract import demo_args
from tutor.agent.labelled import labelled_fields
from tutor.agent.question_shape import closing_question, verdict
from tutor.agent.quiz_topic import quiz_topic
from tutor.agent.router import Router

from .conftest import where


@pytest.mark.parametrize(
    "text",
    [
        # a question after an account of a run
        "I tried the vae demo this morning and the digits came out blurry, is that normal?",
        "we trained the diffusion one earlier and it looked noisy, what went wrong?",
        "ran the gan on the grid yesterday. why did half the blobs vanish?",
        # a quiz refused or put off
        "I'm not in the mood for a quiz right now, tell me about attention",
        "no quiz yet, I want to read the notes on sampling first",
        # advice about quizzing
        "should I do a quiz before moving on?",
        # a verdict on a quiz or demo already had
        "that quiz was fun, thanks",
        "I enjoyed the last quiz a lot",
        "the gan demo was cool!",
        "loved the diffusion demo",
        # questions about the app's features
        "do you have a demo for diffusion?",
        "can you do quizzes on tokenization?",
        "what can I tweak in the gan demo?",
        "how long will the diffusion demo take?",
        # a question word typed without its apostrophe
        "whats a beta variational autoencoder for",
        "hows a diffusion model trained",
        # a hypothetical: a condition, then a question about what would follow
        "if I tokenized a paragraph of korean would it split into more tokens?",
        "if i tokenize a long german word will it break into many tokens?",
        "if we trained the vae with beta 4 would it draw blurrier digits?",
        # a demo skipped, an explanation asked for
        "skip the demo and just tell me what attention is",
        "skip the demos, explain how diffusion denoises",
        # a walk-through spelt "thru", and showing the math, are explanations
        "could u walk me thru how a GAN turns noise into an image",
        "could you show me the KL divergence formula for the VAE loss",
        # showing code is explaining too: the tutor writes answers, it runs no one's code
        "can you show me some pytorch code for an attention layer?",
        "show me a python snippet that samples from a trained VAE",
        # a bare term asked: what is it?
        "wgan?",
        "beta vae = ?",
        "ddim??",
        # class "a question framed as hypothetical", a string to split named in it
        "hypothetically, if the vocabulary held only whole words, how would 'unhappy' split?",
        "theoretically speaking, what tokens would 'xyzzy' become?",
        "in principle, with no merges at all, how many tokens is 'banana'?",
        "in theory: would 'running' be broken into 'run' and 'ning'?",
        # "do" opening a question, not an order
        "do the generator and the discriminator share weights",
        "how do I compute bleu by hand?",
    ],
)
def test_these_launch_nothing(router: Router, text: str) -> None:
    assert router.route(text).intent in ("answer", "chat"), text


@pytest.mark.parametrize(
    ("text", "intent", "tool"),
    [
        # the same shapes, ordering: a polite request closing the message, an order first
        ("ok the theory makes sense, could I see the vae on some digits?", "demo", "vae"),
        ("I read the notes, now let me see the gan on the ring", "demo", "gan"),
        ("nice demo! now show me the diffusion one", "demo", "diffusion"),
        # a bare name with "demo" or a verb still asks for the demo
        ("gan demo?", "demo", "gan"),
        ("vae again?", "demo", "vae"),
        ("not sure I get it yet, quiz me on attention", "quiz", "quiz"),
        ("that was fun, quiz me on embeddings next", "quiz", "quiz"),
        # checking something with a demo as the instrument asks for the demo; checking what
        # the learner remembers about a demo's topic still quizzes
        ("check my caption with bleu: a dog runs on the beach", "demo", "bleu"),
        ("check what I still know about gans", "quiz", "quiz"),
        ("tokenize 'if it rains would we stay home?'", "demo", "tokenize"),
        ("show me the attention weights for 'my code compiles'", "demo", "attention"),
    ],
)
def test_requests_of_the_same_shape_still_act(
    router: Router, text: str, intent: str, tool: str
) -> None:
    assert where(router, text) == (intent, tool)


def test_closing_question_reads_the_last_clause_and_the_opening() -> None:
    assert closing_question("I trained the vae and it looked bad, is that normal?")
    assert closing_question("I ran it twice, could you explain why it differs?")
    assert not closing_question("the theory is clear, can I watch it on the ring?")
    assert not closing_question("train the vae, how long will it take?")
    assert not closing_question("why does the gan collapse?")  # one clause: a plain question


def test_verdict_yields_to_an_order_in_another_clause() -> None:
    assert verdict("great quiz, thank you")
    assert not verdict("great quiz! another one on diffusion please")
    assert not verdict("run the quiz on gans")


def test_app_feature_questions_get_the_help_text() -> None:
    for text in ("do you have a demo for embeddings?", "what settings can I change in the vae?",
                 "are you a bot?"):
        assert reply(text) == HELP, text


@pytest.mark.parametrize(
    ("text", "name", "want"),
    [
        # a hedge between a setting and its value
        ("sampling at a temperature like 1.4", "sampling", {"temperature": 1.4}),
        ("vae with beta say 3", "vae", {"beta": 3.0}),
        # the text after the demo's name and a colon, with or without a reference
        ("rate my caption with bleu: two kids fly a kite", "bleu",
         {"text": "two kids fly a kite"}),
        ("bleu on: a boy reads, against the reference: the boy is reading", "bleu",
         {"text": "a boy reads", "reference": "the boy is reading"}),
        # a string given after a colon or a dash, a placeholder before it
        ("chop this into tokens: Bonjour à tous", "tokenize", {"text": "Bonjour à tous"}),
        ("tokenize some code for me - x = y + 1", "tokenize", {"text": "x = y + 1"}),
        # one quoted span named by its role
        ("bleu with reference 'a red car is parked'", "bleu", {"reference": "a red car is parked"}),
        # a list inside the sentence
        ("map apple, pear, plum and cherry in the embedding space", "embeddings",
         {"words": "apple,pear,plum,cherry"}),
        ("which words sit close to 'river' in embedding space?", "embeddings",
         {"query": "river"}),
        # the sentence is the longest quoted span, a short one is a word in it
        ("attention of 'she' in \"the nurse said she would call back\"", "attention",
         {"text": "the nurse said she would call back"}),
    ],
)
def test_argument_classes(text: str, name: str, want: dict) -> None:
    got = demo_args(text, name)
    assert {k: got.get(k) for k in want} == want


def test_unquoted_text_in_a_labelled_field_runs_to_the_next_label() -> None:
    from demos.registry import get_spec

    fields = get_spec("sampling").params.model_fields
    found, _ = labelled_fields("text=once upon a time steps=12", fields)
    assert found == {"text": "once upon a time", "steps": 12}
    query, _ = labelled_fields("query=ocean", get_spec("embeddings").params.model_fields)
    assert query == {"query": "ocean"}


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("could we do a positional encoding quiz", "positional encoding"),
        ("test my prompt engineering knowledge", "prompt engineering"),
        ("quiz me on wgans", "wgans"),  # a variant keeps the learner's word
        ("give me a quick quiz", None),
    ],
)
def test_quiz_topic_classes(text: str, topic: str | None) -> None:
    assert quiz_topic(text).get("topic") == topic


def test_a_comparison_without_a_question_mark_is_looked_up_in_the_notes(kb, embedder) -> None:
    """'X vs Y, which one' asks, though it has neither a question mark nor a question word:
    the router looks it up in the notes instead of calling it small talk."""
    from tutor.agent.question_shape import looks_like_question

    assert looks_like_question("gans vs vaes, which one")
    assert not looks_like_question("thanks, that helped")
    routed = Router(embedder, knowledge=kb).route("a GAN vs a conditional VAE, which one")
    assert routed.intent == "answer"


@pytest.mark.parametrize(
    ("text", "tool", "want"),
    [
        # class "the data after a colon is not the request": a question, a remark or an
        # everyday topic given to a demo as its text still asks for the demo
        ("bleu score for: is the moon made of cheese?", "bleu",
         {"text": "is the moon made of cheese?"}),
        ("sampling at temperature 0.3 on: the traffic this morning was", "sampling",
         {"text": "the traffic this morning was", "temperature": 0.3}),
        ("tokenize this: I really don't want to", "tokenize", {"text": "I really don't want to"}),
        # class "a map of words named as terms or concepts"
        ("make a map of the concepts rain, snow, hail, fog", "embeddings",
         {"words": "rain,snow,hail,fog"}),
        ("plot violin, drum, flute and piano on a map", "embeddings",
         {"words": "violin,drum,flute,piano"}),
        # class "two numbers joined by 'and'", each with its own setting
        ("train the gan on digits with a batch of sixty four and eleven hundred steps",
         "gan-digits", {"batch_size": 64, "steps": 1100}),
        # class "a preposition before the colon": the text after it, not "on: ..."
        ("please run the tokenizer on: See you soon, Mrs. Lee!", "tokenize",
         {"text": "See you soon, Mrs. Lee!"}),
        ("tokenize with: two plus two, maybe", "tokenize", {"text": "two plus two, maybe"}),
        # class "'number' that numbers a setting": no digits for the VAE to draw
        ("show the attention heatmap, layer 3, head number two", "attention",
         {"layer": 3, "head": 2}),
        ("launch the attention demo for layer number 3", "attention", {"layer": 3}),
        # class "do the X thing": an order with "do" for its verb
        ('do that analogy trick: "tokyo - japan + france"', "embeddings",
         {"analogy": "tokyo - japan + france"}),
        # diffusion in plain words, its picture a handwritten digit
        ("show me noise slowly turning into a handwritten seven", "diffusion",
         {"dataset": "digits", "digit": 7}),
        # ... with the thing named by its formula
        ("do the queen - woman + man thing, but with berlin - germany + spain", "embeddings",
         {"analogy": "berlin - germany + spain"}),
        # class "an order to compute a demo's figure"
        ("calculate bleu: the candidate is 'the cat sat down' and the reference is "
         "'a cat sat down'", "bleu", {"text": "the cat sat down", "reference": "a cat sat down"}),
    ],
)
def test_requests_launch_with_their_settings(
    router: Router, text: str, tool: str, want: dict
) -> None:
    route = router.route(text)
    assert (route.intent, route.tool) == ("demo", tool)
    assert {k: route.args.get(k) for k in want} == want


@pytest.mark.parametrize(
    "text",
    [
        "explain this: why does a VAE blur its samples?",  # the question after a colon asks
        "a quick one about sampling: why does temperature matter?",
        "can you plot the loss on a chart?",  # a plot of something else is no word map
        "how do I read the map of terms?",
    ],
)
def test_a_colon_or_a_plot_alone_launches_nothing(router: Router, text: str) -> None:
    assert router.route(text).intent in ("answer", "chat")


@pytest.mark.parametrize(
    ("words", "digits"),
    [
        # class "two numbers joined by 'and'": after tens or units the number is complete
        ("two hundred fifty six and twelve hundred", "256 and 1200"),
        ("thirty and forty", "30 and 40"),
        # after a scale word "and" is inside one number
        ("three hundred and ten", "310"),
        ("a thousand and five", "1005"),
        ("fourteen hundred", "1400"),  # "teen hundred"
    ],
)
def test_numbers_joined_by_and(words: str, digits: str) -> None:
    from tutor.agent.number_words import spelled_to_digits

    assert spelled_to_digits(words) == digits


def test_the_number_of_a_setting_is_no_digit_to_draw() -> None:
    from tutor.agent.extract import demo_name

    assert demo_name("run the gan with a bigger number of steps") == "gan"
    assert demo_name("draw the number five") == "vae"  # a digit to draw is still the VAE's


@pytest.mark.parametrize(
    ("text", "running", "want"),
    [
        # class "the verb, a colon, the text" while the tokenizer runs
        ("try: 안녕하세요 세계", "tokenize", {"action": "restart", "text": "안녕하세요 세계"}),
        ("now use: 早上好", "tokenize", {"action": "restart", "text": "早上好"}),
        # class "the step budget raised by an amount": train more
        ("raise the iterations by 800", "gan-digits", {"action": "more"}),
        ("give it 250 extra steps", "gan-digits", {"action": "more"}),
        ("another 2000 steps please", "vae", {"action": "more"}),
        # a value to set is a new setting, not more training
        ("increase the steps to 4000", "gan-digits", {"action": "restart", "steps": 4000}),
    ],
)
def test_orders_to_a_running_demo(router: Router, text: str, running: str, want: dict) -> None:
    route = router.route(text, demo_running=running)
    assert (route.intent, route.tool) == ("demo", "control")
    assert {k: route.args.get(k) for k in want} == want


@pytest.mark.parametrize(
    "text", ["what if I increased the steps by 200?", "increase the training data size"]
)
def test_questions_and_other_increases_are_not_more_training(router: Router, text: str) -> None:
    route = router.route(text, demo_running="gan-digits")
    assert route.args.get("action") != "more", text


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # class "you typed as u or ya": the polite frame reads the same
        ("could u walk me through what the discriminator learns", "answer"),
        ("can ya talk me through how a diffusion model denoises", "answer"),
        ("can u start the vae demo", "demo"),
    ],
)
def test_you_typed_as_u_is_still_you(router: Router, text: str, intent: str) -> None:
    assert router.route(text).intent == intent


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("I wanna see how a diffusion model removes noise step by step", "diffusion"),
        ("lemme see what a beta-vae does to its latent codes", "vae"),
        ("we wanna see how tokens get picked at high temperature", "sampling"),
    ],
)
def test_an_informal_wish_is_a_request(router: Router, text: str, tool: str) -> None:
    assert where(router, text) == ("demo", tool)


def test_an_informal_wish_to_know_is_still_a_question(router: Router) -> None:
    assert where(router, "I wanna know why the discriminator wins so often")[0] == "answer"


def test_a_remark_closing_with_why_is_answered_without_its_question_mark(router: Router) -> None:
    """Class "a question after an account", typed without the question mark: the closing
    "why" clause asks; "why not" after an order agrees to it."""
    said = "the samples morph from 2 to 7 so gradually, why does that happen"
    assert router.route(said, demo_running="vae").intent == "answer"
    assert router.route(said).intent == "answer"
    assert router.route("run the vae again, why not").intent == "demo"


@pytest.fixture(scope="module")
def shipped_router(real_runtime, embedder) -> Router:
    """A router that looks messages up in the shipped notes, built once for this module."""
    return Router(embedder, knowledge=real_runtime.knowledge())


@pytest.mark.parametrize("text", ["name two tools that compose songs",
                                  "mention some apps for making pictures"])
def test_an_order_to_tell_facts_is_looked_up_in_the_notes(shipped_router, text) -> None:
    """Class "an order to tell something" ("name...", "mention..."): no question mark or
    question word, and the classifier calls it chat, yet it is no greeting or thanks. It got
    the off-topic redirect though the notes name such tools; the notes are asked first."""
    assert shipped_router.route(text).intent == "answer"


@pytest.mark.parametrize("text", ["thanks, that helped", "hello there", "that was fun"])
def test_small_talk_is_not_looked_up(shipped_router, text) -> None:
    assert shipped_router.route(text).intent == "chat"


@pytest.mark.parametrize("text", ["approximately when did diffusion models show up?",
                                  "so when did the transformer show up",
                                  "basically how do I show a GAN is overfitting?"])
def test_a_question_opened_by_a_hedge_or_a_marker_is_answered_not_launched(router, text) -> None:
    """Class "the question word comes second": a hedge or a discourse marker before it. "Show
    up" names a demo's verb and a model; the message asks when, it does not ask to be shown."""
    assert router.route(text).intent == "answer"
