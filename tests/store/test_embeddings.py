"""The packaged MiniLM model's word cache (real model): many words in one model pass, each word's
vector the one a single-word pass gives, and cached words never passed again."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from briefbot.store import embeddings
from briefbot.store.embeddings import encode, encode_word, encode_words


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of texts in each call of the real model's ``encode`` (counted, not replaced)."""
    model = embeddings.get_model()
    real = model.encode
    seen: list[int] = []

    def counting(texts: list[str], *args: Any, **kwargs: Any) -> Any:
        seen.append(len(texts))
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(model, "encode", counting)
    monkeypatch.setattr(embeddings, "_WORDS", embeddings.VectorCache(embeddings._WORDS.size))
    return seen


def test_uncached_words_share_one_model_pass(passes: list[int]) -> None:
    words = ["arrested", "detained", "charged", "arrested", "meeting", "postponed"]
    got = encode_words(words)
    assert passes == [5]  # one pass, each distinct word once
    single = [encode([w])[0] for w in ("arrested", "detained", "charged", "meeting", "postponed")]
    for vec, want in zip([got[0], got[1], got[2], got[4], got[5]], single, strict=True):
        np.testing.assert_allclose(vec, want, atol=1e-5)
    assert got[0] is got[3]
    assert float(got[0] @ got[1]) > float(got[0] @ got[4])  # a real model: near words are nearer


def test_cached_words_are_not_passed_again(passes: list[int]) -> None:
    encode_words(["strike", "walkout"])
    before = len(passes)
    vec = encode_word("walkout")
    assert len(passes) == before
    assert encode_words(["walkout", "picket"])[0] is vec
    assert passes[before:] == [1]  # only the new word
    assert not vec.flags.writeable


def test_cache_is_bounded(passes: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "_WORDS", embeddings.VectorCache(3))
    got = encode_words(["one", "two", "three", "four", "five"])
    assert len(embeddings._WORDS) == 3 and embeddings._WORDS.keys() == ["three", "four", "five"]
    assert len(got) == 5 and all(v.shape == (embeddings.DIMENSIONS,) for v in got)
