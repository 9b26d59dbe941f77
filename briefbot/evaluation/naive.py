"""The naive baseline: a plain LangChain RAG chain, scored by the same metrics as briefbot.

Chroma top-4 chunks (dense only, no BM25, no MMR, no evidence selection, no status
decision, no verifier) are stuffed into one prompt for the same chat model briefbot
uses (:func:`briefbot.writing.llm.make_chat_model`).  It needs an LLM backend, so it never
runs in CI; ``tests/evaluation/test_naive.py`` covers the prompt and the parsing with
a fake model.

The reply is mapped onto :class:`~briefbot.schema.Answer`: ``[n]`` markers become
citations of chunk ``n`` (quote = the chunk text, whose offsets point into the
article), and a reply that says it does not know becomes ``insufficient_evidence``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.documents import Document
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableLambda

from briefbot.schema import INSUFFICIENT_SENTENCE, Answer, Citation
from briefbot.store.embeddings import MiniLMEmbeddings
from briefbot.writing.llm import make_chat_model
from briefbot.writing.markers import has_marker, marker_numbers
from briefbot.writing.markers import renumber as renumber_markers

NAIVE_SYSTEM = (
    "You are a helpful assistant answering questions about news articles. Use only the "
    "numbered context passages below. Cite the passages you use as [1], [2], ... If the "
    "context does not contain the answer, reply exactly: I don't know."
)
NAIVE_HUMAN = "Context:\n{context}\n\nQuestion: {question}\nAnswer:"
_DONT_KNOW = re.compile(
    r"\b(?:i\s+don'?t\s+know|i\s+do\s+not\s+know|cannot\s+answer|can'?t\s+answer|"
    r"does\s+not\s+contain|doesn'?t\s+contain|not\s+enough\s+information|insufficient\s+information)\b",
    re.I,
)

Retriever = Callable[[str, int], list[Document]]


def format_context(docs: Sequence[Document]) -> str:
    """``[n] title — source, date`` then the chunk text, for each retrieved chunk."""
    blocks = []
    for n, doc in enumerate(docs, start=1):
        meta = doc.metadata or {}
        head = " — ".join(x for x in (str(meta.get("title") or ""), str(meta.get("source") or "")) if x)
        date = meta.get("published") or ""
        header = f"[{n}] {head}" + (f", {date}" if date else "")
        blocks.append(f"{header}\n{doc.page_content.strip()}")
    return "\n\n".join(blocks)


def build_prompt() -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages([("system", NAIVE_SYSTEM), ("human", NAIVE_HUMAN)])


def build_messages(question: str, docs: Sequence[Document]) -> list[Any]:
    """The exact messages the baseline sends (stuffed prompt)."""
    return build_prompt().format_messages(context=format_context(docs), question=question)


def search_query(question: str, history: Sequence[dict[str, str]] | None) -> str:
    """The naive chain's only nod to conversation: prepend the previous user turn."""
    previous = [m["content"] for m in (history or []) if m.get("role") == "user"]
    return f"{previous[-1]} {question}" if previous else question


class NaiveRAG:
    """retriever → stuff top-k chunks → prompt → chat model → text (plain LCEL)."""

    name = "naive"

    def __init__(self, retriever: Retriever, llm: Any, k: int = 4) -> None:
        self.retriever = retriever
        self.llm = llm
        self.k = k
        self.chain = (
            {"context": RunnableLambda(lambda x: format_context(x["docs"])),
             "question": RunnableLambda(lambda x: x["question"])}
            | build_prompt()
            | llm
            | StrOutputParser()
        )

    @classmethod
    def from_bot(cls, bot: Any, llm: Any = None, k: int = 4) -> NaiveRAG:
        """Chroma over the bot's chunk collection (dense only) and briefbot's chat model."""
        from langchain_chroma import Chroma


        store = Chroma(
            client=bot.index.client,
            collection_name=bot.index.chunks.name,
            embedding_function=MiniLMEmbeddings(),
        )
        if llm is None:
            backend = bot.settings.backend if bot.settings.backend != "extractive" else "local"
            llm = make_chat_model(backend, bot.settings)
        return cls(lambda q, n: store.similarity_search(q, k=n), llm, k)

    def retrieve(self, query: str, k: int | None = None) -> list[Document]:
        return self.retriever(query, k or self.k)

    def ask(self, question: str, history: Sequence[dict[str, str]] | None = None) -> Answer:
        t0 = time.perf_counter()
        docs = self.retrieve(search_query(question, history), self.k)
        t1 = time.perf_counter()
        text = self.chain.invoke({"docs": docs, "question": question}) if docs else "I don't know."
        return parse_reply(question, text, docs, timings={
            "retrieve": (t1 - t0) * 1000.0, "total": (time.perf_counter() - t0) * 1000.0})


def parse_reply(question: str, text: str, docs: Sequence[Document], timings: dict[str, float] | None = None) -> Answer:
    """Map the model's reply onto an :class:`Answer` (citations from ``[n]`` markers)."""
    text = (text or "").strip()
    if not text or (_DONT_KNOW.search(text) and not has_marker(text)):
        return Answer(question=question, status="insufficient_evidence", answer=INSUFFICIENT_SENTENCE,
                      uncertainty="the naive baseline's model said the context does not answer the question",
                      confidence=0.0, citations=[], backend="naive", timings_ms=dict(timings or {}))
    used: list[int] = []
    for n in marker_numbers(text):
        if 1 <= n <= len(docs) and n not in used:
            used.append(n)
    renumber = {old: new for new, old in enumerate(used, start=1)}
    citations = []
    for old in used:
        meta = docs[old - 1].metadata or {}
        citations.append(Citation(
            id=renumber[old],
            article_id=str(meta.get("article_id", "")),
            title=str(meta.get("title", "")),
            source=str(meta.get("source", "")),
            url=meta.get("url") or None,
            published=meta.get("published") or None,
            chunk_id=str(meta.get("chunk_id") or docs[old - 1].id or ""),
            quote=docs[old - 1].page_content,
            start=int(meta.get("start", 0)),
            end=int(meta.get("end", 0)),
        ))
    body = renumber_markers(text, renumber, drop_unknown=True)
    return Answer(question=question, status="answered", answer=body, uncertainty=None, confidence=0.5,
                  citations=citations, backend="naive", timings_ms=dict(timings or {}))


__all__ = ["NaiveRAG", "build_messages", "build_prompt", "format_context", "parse_reply"]
