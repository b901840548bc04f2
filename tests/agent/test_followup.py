"""Follow-ups (tutor/agent/followup.py): a message is read together with the previous
question only when it needs it. A fake knowledge object stands in for retrieval, so each
case says exactly what the notes would find."""

from __future__ import annotations

from knowledge.types import Passage
from tutor.agent.followup import MAX_QUERY, combine, follow_up_query, opens_as_continuation


class FakeKnowledge:
    """Finds a relevant passage for a query that names one of `topics`; records each query."""

    def __init__(self, *topics: str) -> None:
        self.topics = topics
        self.queries: list[str] = []

    def retrieve(self, query: str, k: int) -> list[Passage]:
        self.queries.append(query)
        hit = any(t in query.lower() for t in self.topics)
        return [Passage("n.md", "s", "text", 0.9 if hit else 0.1, relevant=hit)]


def test_a_stand_alone_question_with_it_this_one_is_not_glued() -> None:
    kb = FakeKnowledge("one-shot", "vae", "attention")
    for text in ("what is one-shot learning?", "is this what a VAE does?",
                 "what makes it attention rather than a lookup?"):
        query, passages = follow_up_query(text, "what is a GAN?", kb, k=3)
        assert query == text and passages[0].relevant
    assert kb.queries == [
        "what is one-shot learning?", "is this what a VAE does?",
        "what makes it attention rather than a lookup?",
    ]  # each searched alone, once


def test_a_real_follow_up_is_read_with_the_previous_question() -> None:
    kb = FakeKnowledge("gan")
    query, passages = follow_up_query("how is it trained?", "what is a GAN?", kb, k=3)
    assert query == "what is a GAN? how is it trained?" and passages[0].relevant
    # an opening that only continues ("and why?") is glued even when the message alone
    # happens to find something
    kb = FakeKnowledge("why", "gan")
    query, _ = follow_up_query("and why?", "what is a GAN?", kb, k=3)
    assert query == "what is a GAN? and why?"
    assert opens_as_continuation("and why?") and not opens_as_continuation("why is a VAE blurry?")


def test_without_a_previous_question_the_message_is_the_query() -> None:
    kb = FakeKnowledge()
    assert follow_up_query("how is it trained?", "", kb, k=3)[0] == "how is it trained?"


def test_a_long_previous_query_is_cut_so_the_message_survives() -> None:
    previous = " ".join(f"word{i}" for i in range(300))  # far over MAX_QUERY
    text = "and how does that compare with a VAE?"
    query = combine(previous, text)
    assert query.endswith(" " + text) and len(query) <= MAX_QUERY
    assert query.startswith("word0 word1 ")  # the previous query is cut from its end
    assert all(w.startswith("word") for w in query[: -len(text)].split())  # whole words only
    long_text = "why " * 150  # a message longer than the limit is kept whole
    assert combine(previous, long_text) == long_text.strip()
    kb = FakeKnowledge()
    query, _ = follow_up_query(text, previous, kb, k=3)
    assert query.endswith(text) and kb.queries[-1] == query
