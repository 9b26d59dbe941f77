"""Complexity suite: every function that reads untrusted text runs in linear time (issue 21).

Each function below gets Hypothesis-generated adversarial inputs — a short prefix, a long
run of one repeated unit (dots, digits, quotes, spaces, capitals, separators, names, mixed
punctuation), a short suffix — at size ``n`` and ``8n``.  Linear work grows ~8×, quadratic
work ~64×; the test fails when the ratio exceeds :data:`RATIO_LIMIT` (16).  It is a ratio,
not a time, and the time is the thread's CPU time (``time.thread_time``), so it holds on
a busy machine (on a 2-core box at load 20 a wall-clock 30 ms run takes 300 ms): each size
is timed as the minimum of :data:`REPS` runs with the garbage collector paused, ``n`` is
calibrated per input so the ``8n`` run takes roughly 50-300 ms of CPU, and a ratio over
the limit is measured again with more runs before the test fails.  Every timed call gets
a fresh string, so no ``lru_cache`` hides the work.  The explicit ``@example`` shapes are
the issue's reproductions (N1 dots after a sentence, N2 a history of repeated names, N3 a
digit run before "how many", N14 a heading of spaces) and the runs that made the count,
reporter and whitespace patterns quadratic; they must stay in.

Functions covered (module: function):

* language.text: normalize, question_form, tokens, content_words, names, numbers,
  day_dates, bm25_terms, mask_names
* language.cues: hedges, name_bound_years, without_named_years, free_years
* language.features: attribution, features
* language.injection: looks_like_injection
* language.question: analyse_question, question_parts
* language.eventdates: resolve_date
* language.gazetteer: count_words, count_alone
* sources.chunking: split_sentences, chunk_spans, word_count
* sources.articles: parse_markdown (front matter, heading title), parse_text
* truth.status.kinds: fits (every question kind), precision_bonus, counted_figure,
  counts_something_asked, names_a_source, has_date, gives_date
* truth.evidence: explains, speaker_quoted
* truth.verify: quantities, missing_months, fidelity
* writing.answer: _split_answer (the model's answer split into sentences and markers)
* writing.conversation: resolve (he/they follow-ups over a hostile history), people_in, subject_of (N2)
* writing.timeline: clauses
* evaluation.metrics: answer_sentences

Quadratic on the code before issue 21 — this suite's measurement, run there on the
explicit shapes, gave (t(8n)/t(n)): split_sentences 46 and chunk_spans 69 (N1 dots);
counts_something_asked 62 and fits 62 (N3 digits); counted_figure 65 (digits, "x");
names_a_source 62 (capitals, "x"); _split_answer 63 (a space run); answer_sentences 68
(N1 dots); parse_markdown 63 (N14); referent 63 and rewrite_follow_up 66 (N2).  All are
≈ 8 now.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefbot.evaluation.metrics import answer_sentences
from briefbot.language import cues, eventdates, features, gazetteer, injection, question, text
from briefbot.sources import articles, chunking
from briefbot.truth import evidence, verify
from briefbot.truth.status import kinds
from briefbot.writing import answer, conversation, timeline

RATIO_LIMIT = 16.0
"""Time at 8n over time at n above which a function is not linear (linear ≈ 8, quadratic ≈ 64)."""
REPS = 2
"""Runs per size; the minimum is kept (a busy machine only adds time)."""
SMALL_S = 0.007
"""Calibration: ``n`` doubles until one run at ``n`` takes this long (8n then ≈ 50-300 ms)."""
N_START, N_MAX = 256, 65_536
"""Run lengths tried in calibration (characters of the repeated run).  A function that reads
N_MAX characters in under :data:`SMALL_S` is timed there: quadratic work reaches SMALL_S long
before (at 64K characters it is billions of steps), and much longer inputs (8 × 256K) fall
out of the CPU caches and grow ~17× for memory, not for complexity."""

_QUESTIONS = {
    "how_many": "How many workers were evacuated?", "when": "When will the talks resume?",
    "who_source": "Who reported that the talks collapsed?", "say": "What did Hale say?",
    "which": "Which island did the ferry reach?", "where": "Where did the talks happen?",
    "why": "Why did the talks collapse?", "who": "Who won the election in 2018?",
    "amount": "How much did the deal cost?",
}
_FOCUS = {k: question.analyse_question(q) for k, q in _QUESTIONS.items()}


def _all_kinds(fn: Callable[[question.QuestionFrame, str], object]) -> Callable[[str], object]:
    return lambda s: [fn(f, s) for f in _FOCUS.values()]


def _history(s: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": "Why did Hale leave " + s[:200] + "?"}, {"role": "assistant", "content": s}]


def _uncached(fn: Callable) -> Callable:
    return getattr(fn, "__wrapped__", fn)


TARGETS: dict[str, Callable[[str], object]] = {
    "text.normalize": text.normalize,
    "text.question_form": text.question_form,
    "text.tokens": text.tokens,
    "text.content_words": _uncached(text.content_words),
    "text.names": _uncached(text.names),
    "text.numbers": _uncached(text.numbers),
    "text.day_dates": _uncached(text.day_dates),
    "text.bm25_terms": text.bm25_terms,
    "text.mask_names": lambda s: text.mask_names(s, frozenset({"hale"})),
    "cues.hedges": cues.hedges,
    "cues.name_bound_years": cues.name_bound_years,
    "cues.without_named_years": cues.without_named_years,
    "cues.free_years": cues.free_years,
    "features.attribution": features.attribution,
    "features.features": _uncached(features.features),
    "injection.looks_like_injection": injection.looks_like_injection,
    "question.analyse_question": question.analyse_question,
    "question.question_parts": question.question_parts,
    "eventdates.resolve_date": lambda s: eventdates.resolve_date(s, "2025-03-01"),
    "gazetteer.count_words": gazetteer.count_words,
    "gazetteer.count_alone": gazetteer.count_alone,
    "chunking.split_sentences": chunking.split_sentences,
    "chunking.chunk_spans": chunking.chunk_spans,
    "chunking.word_count": chunking.word_count,
    "articles.parse_markdown": lambda s: articles.parse_markdown(s, "x.md", "x"),  # N14: no newline after
    "articles.parse_markdown_front_matter": lambda s: articles.parse_markdown(
        "---\ntitle: t\n---\n" + s + "\nbody.", "x.md", "x"),
    "articles.parse_text": lambda s: articles.parse_text(s, "x.txt", "x"),
    "kinds.fits": _all_kinds(kinds.fits),
    "kinds.precision_bonus": _all_kinds(kinds.precision_bonus),
    "kinds.counted_figure": _all_kinds(kinds.counted_figure),
    "kinds.counts_something_asked": _all_kinds(kinds.counts_something_asked),
    "kinds.names_a_source": _all_kinds(kinds.names_a_source),
    "kinds.has_date": kinds.has_date,
    "kinds.gives_date": _all_kinds(kinds.gives_date),
    "evidence.explains": evidence.explains,
    "evidence.speaker_quoted": lambda s: (evidence.speaker_quoted("hale", s), evidence.speaker_quoted("acme steel", s)),
    "verify.quantities": verify.quantities,
    "verify.missing_months": lambda s: verify.missing_months(s, s),
    "verify.fidelity": lambda s: verify.fidelity(s, [s]),
    "answer._split_answer": answer._split_answer,
    "metrics.answer_sentences": answer_sentences,
    "conversation.resolve": lambda s: conversation.resolve("What did he say?", _history(s)),
    "conversation.resolve_they": lambda s: conversation.resolve("And why did they do that?", _history(s)),
    "conversation.people_in": conversation.people_in,
    "conversation.subject_of": conversation.subject_of,
    "timeline.clauses": timeline.clauses,
}

UNITS = [".", "1", '"', "\u201c", " ", "A", "a", ",", ", ", "-", "\n", "\t", "Xx Yy, ", "the Xx Yy, ", "1.", "A.",
         "A1. ", "[1]", " [1]", "!?", "Aa ", "'", "# ", "1 ", "1,", "$1", "Jan 1 ", "\u2026", "A'"]
PREFIXES = ["", "The talks collapsed. ", "# ", "Hale said ", "In 2025 ", "How many ", "\"", "according to "]
SUFFIXES = ["", "x", " workers were evacuated.", "?", " said.", " 2025", " percent", "\n"]
_SHAPES = st.tuples(
    st.sampled_from(PREFIXES),
    st.one_of(st.sampled_from(UNITS), st.text(alphabet=". 1A\"',-\n[]!?$a", min_size=1, max_size=5)),
    st.sampled_from(SUFFIXES),
)


def _make(shape: tuple[str, str, str], n: int, salt: int) -> str:
    prefix, unit, suffix = shape
    run = unit * (n // len(unit) + 1)
    salt_text = " " + "x" * salt if salt else ""  # a distinct string per run defeats lru_caches
    return prefix + run[:n] + suffix + salt_text


def _best(fn: Callable[[str], object], shape: tuple[str, str, str], n: int, reps: int, salt: int) -> float:
    best = float("inf")
    for i in range(reps):
        s = _make(shape, n, salt + i)
        gc.disable()
        t0 = time.thread_time()
        try:
            fn(s)
        except (articles.ArticleError, ValueError):
            pass  # rejecting a hostile input is fine; doing so slowly is not
        finally:
            best = min(best, time.thread_time() - t0)
            gc.enable()
    return best


def growth(fn: Callable[[str], object], shape: tuple[str, str, str], reps: int = REPS) -> tuple[int, float, float]:
    """``(n, t(n), t(8n))`` with ``n`` calibrated so that t(n) ≥ :data:`SMALL_S`."""
    n = N_START
    while n < N_MAX and _best(fn, shape, n, 1, 0) < SMALL_S:
        n *= 2
    small = _best(fn, shape, n, reps, 1)
    big = _best(fn, shape, 8 * n, reps, 1 + reps)
    return n, small, big


@pytest.mark.parametrize("name", sorted(TARGETS))
@settings(max_examples=1, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(shape=_SHAPES)
@example(shape=("The talks collapsed. ", ".", "x"))  # N1
@example(shape=("", "1", " how many workers were evacuated?"))  # N3
@example(shape=("# ", " ", "x"))  # N14
@example(shape=("", "the Xx Yy, ", ""))  # N2
@example(shape=("", "1", "x"))  # a figure followed by no counted word (count pattern)
@example(shape=("", "A", "x"))  # capitals followed by no reporting verb (reporter pattern)
@example(shape=("a", " ", "x"))  # a whitespace run inside a sentence (answer splitters)
def test_linear_time(name: str, shape: tuple[str, str, str]) -> None:
    fn = TARGETS[name]
    n, small, big = growth(fn, shape)
    ratio = big / max(small, 1e-9)
    if ratio > RATIO_LIMIT:  # measure again, more carefully, before calling it quadratic
        n, small, big = growth(fn, shape, reps=2 * REPS)
        ratio = big / max(small, 1e-9)
    assert ratio <= RATIO_LIMIT, (
        f"{name} grows {ratio:.0f}x from n={n} ({small * 1000:.1f} ms) to 8n ({big * 1000:.1f} ms) "
        f"on {shape!r}: not linear"
    )
