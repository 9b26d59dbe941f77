"""Grammar-constrained sampling that checks a few tokens per step, not the whole vocabulary.

llama-cpp-python puts a GBNF grammar into its sampler chain *before* top-k, so every
step runs the grammar over all ~151k vocabulary tokens of Qwen2.5 (measured here at
seconds per token on a loaded 2-core machine).  llama.cpp's own CLI avoids that by
checking the grammar only on the tokens it is about to choose from; this module does
the same for the in-process backend:

1. Take the ``window`` highest-logit tokens (``numpy.argpartition``, cheap).
2. Run the grammar over just those; keep the ones it allows.
3. Greedy (temperature 0): the highest allowed one -- exactly the token full-vocabulary
   grammar + greedy would pick, since greedy takes the best allowed token either way.
   Sampling: top-k / top-p / min-p / temperature over the allowed ones, seeded.
4. Only when none of the window is allowed, run the grammar over the full vocabulary
   (the old cost, rare: the answer grammar allows almost any text token).
5. Tell the grammar which token was chosen, so its state advances.

Nothing here decides what is true; the grammar still forbids every marker that does not
exist, and the verifier still checks every sentence.
"""

from __future__ import annotations

import ctypes
import functools
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

_TOKEN_DATA = np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)])
"""``llama_token_data`` (int32 id, float logit, float p) as a numpy record."""

WINDOW = 64
"""Tokens the grammar checks per step before it falls back to the whole vocabulary."""


@dataclass(frozen=True)
class Sampling:
    """The sampling settings of one generation (llama-cpp-python's names)."""

    temp: float = 0.0
    top_k: int = 40
    top_p: float = 0.95
    min_p: float = 0.05
    seed: int = 0


def pick_allowed(ids: np.ndarray, logits: np.ndarray, allowed: np.ndarray, sampling: Sampling,
                 rng: np.random.Generator) -> int | None:
    """The token to emit among ``ids`` (sorted by logit, best first) where ``allowed``."""
    ok_ids, ok_logits = ids[allowed], logits[allowed]
    if ok_ids.size == 0:
        return None
    if sampling.temp <= 0.0:
        return int(ok_ids[int(np.argmax(ok_logits))])
    order = np.argsort(-ok_logits, kind="stable")[: max(1, sampling.top_k)]
    ok_ids, ok_logits = ok_ids[order], ok_logits[order]
    probs = np.exp((ok_logits - ok_logits[0]) / sampling.temp)
    probs /= probs.sum()
    keep = np.cumsum(probs) - probs < sampling.top_p  # smallest prefix reaching top_p
    keep &= probs >= sampling.min_p * probs[0]
    keep[0] = True
    probs = probs[keep] / probs[keep].sum()
    return int(ok_ids[keep][rng.choice(probs.size, p=probs)])


class LazyGrammar:
    """One generation's grammar state over a llama.cpp vocabulary (not thread-safe: it
    lives inside one generation, which runs inside the model's gate)."""

    def __init__(self, vocab: Any, grammar_text: str, root: str, sampling: Sampling,
                 window: int = WINDOW) -> None:
        import llama_cpp  # the optional llama.cpp binding (the local extra)

        self._lib = llama_cpp
        self._smpl = llama_cpp.llama_sampler_init_grammar(vocab, grammar_text.encode(), root.encode())
        if not self._smpl:
            raise ValueError("llama.cpp could not parse the grammar")
        self.sampling = sampling
        self.window = window
        self._rng = np.random.default_rng(sampling.seed)
        self.full_scans = 0
        """Steps where no token of the window was allowed and the whole vocabulary was checked."""
        self.steps = 0
        self.seconds = 0.0
        """Wall seconds spent choosing tokens so far (the grammar's share of each step)."""

    def _allowed(self, ids: np.ndarray, logits: np.ndarray) -> np.ndarray:
        """Which of ``ids`` the grammar allows in its current state."""
        lib = self._lib
        data = np.zeros(ids.size, dtype=_TOKEN_DATA)  # llama_token_data[], laid out as in C
        data["id"], data["logit"] = ids, logits
        arr = lib.llama_token_data_array(
            data=ctypes.cast(data.ctypes.data, lib.llama_token_data_p),
            size=ids.size, selected=-1, sorted=False)
        lib.llama_sampler_apply(self._smpl, ctypes.byref(arr))
        return np.isfinite(data["logit"])

    def choose(self, logits: np.ndarray) -> int | None:
        """Pick the next token from the full logits row and advance the grammar
        (None: the grammar allows no token at all)."""
        self.steps += 1
        t0 = time.perf_counter()
        n = logits.size
        k = min(self.window, n)
        top = np.argpartition(-logits, k - 1)[:k]
        top = top[np.argsort(-logits[top], kind="stable")]
        token = pick_allowed(top, logits[top], self._allowed(top, logits[top]), self.sampling, self._rng)
        if token is None:
            self.full_scans += 1
            every = np.argsort(-logits, kind="stable")
            token = pick_allowed(every, logits[every], self._allowed(every, logits[every]),
                                 self.sampling, self._rng)
        if token is not None:
            self._lib.llama_sampler_accept(self._smpl, token)
        self.seconds += time.perf_counter() - t0
        return token

    def close(self) -> None:
        if self._smpl:
            self._lib.llama_sampler_free(self._smpl)
            self._smpl = None

    def __del__(self) -> None:
        self.close()


@functools.cache
def lazy_llama_class() -> type:
    """A ``llama_cpp.Llama`` subclass whose grammar runs through :class:`LazyGrammar`.

    ``Llama.generate`` builds a sampler chain per generation (``_init_sampler``) and
    calls ``sample`` per token; with a grammar, the subclass keeps the grammar out of the
    chain and samples itself.  Without a grammar nothing changes.
    """
    from llama_cpp import Llama

    class LazyGrammarLlama(Llama):  # type: ignore[misc, valid-type]
        _lazy: LazyGrammar | None = None
        lazy_enabled: bool = True
        """False: the stock whole-vocabulary grammar (kept for the benchmark's comparison)."""

        def _init_sampler(self, **kwargs: Any) -> Any:
            grammar = kwargs.pop("grammar", None)
            if self._lazy is not None:
                self._lazy.close()
            self._lazy = None
            if grammar is not None and not self.lazy_enabled:
                return super()._init_sampler(grammar=grammar, **kwargs)
            if grammar is not None:
                sampling = Sampling(temp=float(kwargs.get("temp", 0.0)), top_k=int(kwargs.get("top_k", 40)),
                                    top_p=float(kwargs.get("top_p", 0.95)),
                                    min_p=float(kwargs.get("min_p", 0.05)), seed=int(self._seed) & 0xFFFFFFFF)
                self._lazy = LazyGrammar(self._model.vocab, grammar._grammar, grammar._root, sampling)
            return super()._init_sampler(grammar=None, **kwargs)

        def sample(self, *args: Any, grammar: Any = None, idx: int | None = None, **kwargs: Any) -> int:
            lazy = self._lazy
            if grammar is None or lazy is None:
                return super().sample(*args, grammar=grammar, idx=idx, **kwargs)
            ridx = idx - self.n_tokens if idx is not None else -1
            ptr = self._ctx.get_logits_ith(ridx)
            logits = np.ctypeslib.as_array(ptr, shape=(self.n_vocab(),)).astype(np.float32, copy=True)
            token = lazy.choose(logits)
            return int(self.token_eos()) if token is None else token

    return LazyGrammarLlama
