"""The naive baseline's prompt building and reply parsing (no LLM: a fake chat model)."""

from __future__ import annotations

from langchain_core.documents import Document
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from briefbot.evaluation.naive import NAIVE_SYSTEM, NaiveRAG, build_messages, format_context, parse_reply

DOCS = [
    Document(page_content="The meeting was postponed, CNN reported.",
             metadata={"article_id": "a1", "title": "Meeting postponed", "source": "Steppe Wire",
                       "published": "2025-10-21", "start": 10, "end": 50, "chunk_id": "a1:0"}),
    Document(page_content="Thune said: pressing the pause button.",
             metadata={"article_id": "a2", "title": "Senate pause", "source": "Capitol Desk",
                       "start": 0, "end": 38, "chunk_id": "a2:0"}),
]


def test_context_is_numbered_and_stuffed() -> None:
    context = format_context(DOCS)
    assert context.startswith("[1] Meeting postponed — Steppe Wire, 2025-10-21\nThe meeting was postponed")
    assert "\n\n[2] Senate pause — Capitol Desk\nThune said" in context
    messages = build_messages("Why the delay?", DOCS)
    assert [m.type for m in messages] == ["system", "human"]
    assert messages[0].content == NAIVE_SYSTEM
    assert "Question: Why the delay?" in messages[1].content and context in messages[1].content


def test_reply_parsing() -> None:
    a = parse_reply("Q?", "It was postponed [2]. Thune paused it [2][9].", DOCS)
    assert a.status == "answered" and [c.article_id for c in a.citations] == ["a2"]
    assert a.answer == "It was postponed [1]. Thune paused it [1]."
    assert a.citations[0].quote == DOCS[1].page_content and (a.citations[0].start, a.citations[0].end) == (0, 38)
    assert parse_reply("Q?", "I don't know.", DOCS).status == "insufficient_evidence"


def test_chain_with_fake_model() -> None:
    llm = FakeListChatModel(responses=["CNN reported it was postponed [1]."])
    seen: list[tuple[str, int]] = []

    def retriever(query: str, k: int) -> list[Document]:
        seen.append((query, k))
        return DOCS[:k]

    rag = NaiveRAG(retriever, llm, k=4)
    a = rag.ask("Why was it postponed?", history=[{"role": "user", "content": "Lavrov Rubio meeting"}])
    assert seen == [("Lavrov Rubio meeting Why was it postponed?", 4)]
    assert a.status == "answered" and a.citations[0].article_id == "a1" and a.backend == "naive"
