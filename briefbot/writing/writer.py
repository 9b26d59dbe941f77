"""The writer: one shape for every answer, whatever composed it (design.md "The writer").

Small named steps over the selected evidence, each a pure function:

* :func:`same_fact` / :func:`fuse` — one fact, one sentence: sentences of several outlets
  that say the same thing (close in meaning *and* naming the same names, numbers and dates)
  become one sentence carrying all their markers ``[1][2]``; sentences whose numbers or
  dates differ are never merged (that is a disagreement to show);
* :func:`lead_first` — the sentence that answers the asked kind leads (the date, number,
  name, reason or statement; for ``uncertain`` the sentence saying what is not known);
* :func:`compress` — drops what the question did not ask: a non-restrictive relative
  clause (", which …,"), appositives after a name (", Russia's foreign minister,") and trailing
  clauses that hold nothing asked.  Every kept span is
  an exact substring of its quote, and a clause with a hedge or an attribution is never
  dropped, so the verifier still holds and the hedge stays with its claim;
* :func:`uncertainty_note` — what is missing or disputed, named in a sentence that
  points at the markers ("Not settled: the reason — Capitol Desk [1] calls it unclear."),
  never re-quoting the answer: the hedge is said once, in the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from briefbot.language.features import features
from briefbot.language.question import QuestionFrame
from briefbot.language.text import content_words
from briefbot.schema import Citation
from briefbot.truth.evidence import Evidence, explains
from briefbot.truth.status import Assessment
from briefbot.truth.status.kinds import fits
from briefbot.truth.status.slot import UNFILLED

FUSE_SIMILARITY = 0.8
"""Two outlets' sentences at least this close (MiniLM cosine) say the same fact, when they
also name the same names, numbers and dates.  "One of CNN's sources said Hale and Orsen
may speak again later this week" and "The same CNN source said …" score 0.93; the closest
pair of different facts on corpus/ (two statements of one senator on two matters) 0.74."""
MAX_EXTRA_WORDS = 3
"""Content words one sentence of a fused pair may add to the other ("on Monday", "also"); when
each says a word the other does not ("unlikely to recommend approving" / "… delaying") they
are two facts, however close their vectors (0.96 for that pair)."""
COMPRESS_MIN_WORDS = 25
"""Sentences shorter than this are kept whole: compressing them saves little."""

_RELATIVE = re.compile(r",\s+which\s[^,;]{3,120},\s+")
"""A non-restrictive relative clause between commas (", which is expected in Velmar, ")."""
_CLAUSE = re.compile(r";\s+|,\s+(?=(?:but|and|while|whereas)\s)")
"""Where a sentence's coordinated clauses meet: a semicolon, or a comma before but/and/while."""
_ATTRIBUTED = re.compile(r"\b(?:according\s+to|citing|said|says|told|reported|reports|sources?)\b", re.I)


# ---------------------------------------------------------------------- one fact, one sentence
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def figures(text: str) -> frozenset[str]:
    """The numbers ``text`` writes in digits ("85", "79", "2026"); "one of its sources" is no figure."""
    return frozenset(m.group(0).rstrip(".,") for m in _FIGURE.finditer(text))


def same_fact(a: Evidence, b: Evidence, min_similarity: float = FUSE_SIMILARITY) -> bool:
    """Do ``a`` and ``b`` (from different articles) state the same fact?  Close in meaning and
    the same names, figures, days and years; a hedge on one side only keeps them apart (one
    outlet's doubt is not another's fact)."""
    if a.article_id == b.article_id or a.vector is None or b.vector is None:
        return False
    fa, fb = a.features, b.features
    only_a, only_b = fa.words - fb.words, fb.words - fa.words
    if (only_a and only_b) or len(only_a | only_b) > MAX_EXTRA_WORDS:
        return False  # each says something the other does not ("approving" / "delaying")
    return (float(a.vector @ b.vector) >= min_similarity and figures(a.text) == figures(b.text)
            and fa.days == fb.days and fa.years == fb.years and fa.names == fb.names
            and bool(fa.hedges) == bool(fb.hedges))


def fuse(evidence: Sequence[Evidence]) -> list[list[int]]:
    """Groups of evidence indices (0-based) that state one fact, in first-seen order."""
    groups: list[list[int]] = []
    for i, ev in enumerate(evidence):
        for group in groups:
            if same_fact(evidence[group[0]], ev):
                group.append(i)
                break
        else:
            groups.append([i])
    return groups


def plainest(group: list[int], evidence: Sequence[Evidence]) -> int:
    """The member of a fused group whose wording every member supports: the one with the
    fewest number words ("the same source said" over "one of its sources said"), the first on a tie."""
    return min(group, key=lambda i: (len(evidence[i].features.numbers), group.index(i)))


# ---------------------------------------------------------------------- the lead
def answers_asked(frame: QuestionFrame, ev: Evidence, status: str) -> bool:
    """Does ``ev`` give what ``frame`` asks: the asked kind (a date, number, name, speech), the
    reason for "why" — or, for an ``uncertain`` answer, a hedge saying what is not known?"""
    if status == "uncertain" and ev.hedges and (frame.kind != "why" or explains(ev.text)):
        return True
    if frame.kind == "why":
        return explains(ev.text)
    return fits(frame, ev.text)


SHAPED_KINDS = frozenset({"when", "how_many", "who", "say", "why"})
"""Kinds whose answer has a form a sentence can be checked for (a date, a number, a name, the
speaker's words, a reason): only their sentences are reordered and held to a word budget.
A yes/no or "what" question has no such form, and its truth-layer order stands."""


def lead_first(groups: list[list[int]], evidence: Sequence[Evidence], frame: QuestionFrame | None,
               status: str, protected: frozenset[int] = frozenset()) -> list[list[int]]:
    """When the first group does not answer the asked kind (and is not ``protected``), the
    first group that does moves to the front (the rest keep their order)."""
    if frame is None or str(frame.kind) not in SHAPED_KINDS or not groups or any(i in protected for i in groups[0]) \
            or answers_asked(frame, evidence[groups[0][0]], status):
        return groups  # the truth layer's lead already answers (or must lead: a pending value)
    for n, group in enumerate(groups):
        if answers_asked(frame, evidence[group[0]], status):
            return [group, *groups[:n], *groups[n + 1:]]
    return groups


WORD_BUDGET = {"who": 45, "when": 45, "how_many": 45}
"""Words an answer should stay within, by question kind (else :data:`LONG_BUDGET`): the
targets of issue 18 (median ≤ 45 for who/when/how many, ≤ 90 for why/how)."""
LONG_BUDGET = 90


def within_budget(groups: list[list[int]], evidence: Sequence[Evidence], frame: QuestionFrame | None,
                  status: str, protected: frozenset[int] = frozenset()) -> list[list[int]]:
    """The groups that fit the word budget, in their order: every group that answers the asked
    kind (:func:`answers_asked`) or holds a ``protected`` item (a side of a disagreement) is
    kept; the others while the budget lasts, those saying more of the question's words first."""
    if frame is None or str(frame.kind) not in SHAPED_KINDS:
        return groups
    budget = WORD_BUDGET.get(str(frame.kind), LONG_BUDGET)

    def must(group: list[int]) -> bool:
        return any(i in protected for i in group) or answers_asked(frame, evidence[group[0]], status)

    def size(group: list[int]) -> int:
        return len(evidence[group[0]].text.split())

    keep = {n for n, g in enumerate(groups) if n == 0 or must(g)}
    used = sum(size(groups[n]) for n in keep)
    asked = asked_words(frame)
    # the others by how much of the question they say, then in their order, while the budget lasts
    for n in sorted(set(range(len(groups))) - keep,
                    key=lambda n: (-len(asked & evidence[groups[n][0]].features.words), n)):
        if used + size(groups[n]) <= budget:
            keep.add(n)
            used += size(groups[n])
    return [g for n, g in enumerate(groups) if n in keep]


# ---------------------------------------------------------------------- compression
def asked_words(frame: QuestionFrame | None) -> frozenset[str]:
    """Stems that make a clause part of the answer: the question's names and asked words."""
    return frozenset() if frame is None else frame.names | frame.predicate | frame.context_names


def keeps(clause: str, frame: QuestionFrame | None) -> bool:
    """Must ``clause`` stay?  It names something asked, gives the asked kind, or carries a
    hedge or an attribution (never separated from their claim)."""
    if frame is None or _ATTRIBUTED.search(clause):
        return True
    if content_words(clause) & asked_words(frame) or fits(frame, clause):
        return True
    return bool(features(clause).hedges)


def drop_relative(text: str, frame: QuestionFrame | None) -> str:
    """``text`` without a non-restrictive ", which …," clause that holds nothing asked."""
    m = _RELATIVE.search(text)
    if m is None or keeps(m.group(0).strip(", "), frame):
        return text
    return text[:m.start()] + " " + text[m.end():]


_APPOSITIVE = re.compile(r"\b([A-Z][\w'’]*), ((?!(?:and|but|or|nor|while|whereas|who|which|that|where|when)\b)"
                         r"(?:[a-z]|[A-Z]\w*['’]s\s)[^,;:\d]{2,60}), ")
"""A comma-enclosed phrase right after a name that starts in lower case or with a possessive
(", Russia's foreign minister, ", ", meant to come before the summit, "): an appositive or
a reduced clause.  A list of names (", Kyrgyzstan, "), a coordinated or relative clause
(", and about 40 workers were evacuated, ") and anything with a figure do not match."""


def drop_appositives(text: str, frame: QuestionFrame | None) -> str:
    """``text`` without appositives (:data:`_APPOSITIVE`) that hold nothing asked; each kept
    part is an exact span of ``text``."""
    out, pos = [], 0
    for m in _APPOSITIVE.finditer(text):
        if len(m.group(2).split()) > 8 or keeps(m.group(2), frame):
            continue
        out.append(text[pos:m.end(1)])
        pos = m.end() - 1  # keep the space before the next word
    out.append(text[pos:])
    return "".join(out)


def drop_trailing(text: str, frame: QuestionFrame | None) -> str:
    """``text`` cut after its last clause that must stay (:func:`keeps`); the first clause
    always stays."""
    cuts = [m.start() for m in _CLAUSE.finditer(text)]
    if not cuts:
        return text
    bounds = [0, *cuts, len(text)]
    last = 0
    for n in range(len(bounds) - 1):
        if n == 0 or keeps(text[bounds[n]:bounds[n + 1]], frame):
            last = n
    end = bounds[last + 1]
    return text if end == len(text) else text[:end].rstrip(" ,;") + "."


def compress(text: str, frame: QuestionFrame | None) -> str:
    """``text`` without what the question did not ask (module docstring); short sentences whole."""
    if frame is None or len(text.split()) < COMPRESS_MIN_WORDS:
        return text
    return drop_trailing(drop_appositives(drop_relative(text, frame), frame), frame)


# ---------------------------------------------------------------------- the answer
def sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?\"'”’" else text + "."


def write(evidence: Sequence[Evidence], status: str, frame: QuestionFrame | None = None,
          protected: frozenset[int] = frozenset()) -> Iterator[str]:
    """The answer's pieces: one sentence per fact, the asked one first, within the word budget
    (``protected``: 0-based indices never left out), each with the markers (1-based evidence
    numbers) of every outlet that states it."""
    groups = lead_first(fuse(evidence), evidence, frame, status, protected)
    groups = within_budget(groups, evidence, frame, status, protected)
    for n, group in enumerate(groups):
        text = sentence(compress(evidence[plainest(group, evidence)].text, frame))
        markers = "".join(f"[{i + 1}]" for i in group)
        yield ("" if n == 0 else " ") + f"{text} {markers}"


# ---------------------------------------------------------------------- the note
ASKED_THING = {"why": "the reason", "when": "the date", "how_many": "the figure", "who": "who it was",
               "where": "the place", "say": "what was said", "yes_no": "whether it is so"}
"""What an ``uncertain`` answer leaves open, by question kind (else "this")."""
HEDGE_PHRASES = {
    "unclear": "called unclear",
    "unknown": "not yet known",
    "reportedly": "only reported",
    "allegedly": "only alleged",
    "anonymous source": "from an unnamed source",
    "unnamed officials": "from unnamed officials",
    "unconfirmed": "unconfirmed",
    "not stated": "not given",
    "possibility": "only a possibility",
    "pending": "still pending",
}
"""How the note names a hedge without quoting the sentence it is in."""


def _who(ev: Evidence, cite_of: dict[tuple[str, int, int], int]) -> str:
    """The marker of ``ev`` when it is cited ("[3]"), else its outlets by name."""
    ref = cite_of.get(ev.key)
    return f"[{ref}]" if ref else " and ".join(ev.outlets) or "one report"


def hedge_summary(hedged: Sequence[Evidence], cite_of: dict[tuple[str, int, int], int]) -> str:
    """"called unclear in [1][3], only a possibility in [4]": each hedge once, with where it is."""
    where: dict[str, list[str]] = {}
    for ev in hedged:
        if ev.key not in cite_of:
            continue  # left out of the answer: nothing to point at
        for h in ev.hedges:
            who = _who(ev, cite_of)
            spots = where.setdefault(HEDGE_PHRASES.get(h, h), [])
            if who not in spots:
                spots.append(who)
    return ", ".join(f"{phrase} in {''.join(w) if all(x.startswith('[') for x in w) else ', '.join(w)}"
                     for phrase, w in where.items())


def conflict_clause(first: Evidence, second: Evidence, kind: str, detail: str,
                    cite_of: dict[tuple[str, int, int], int]) -> str:
    """"Sources disagree on the date (oct 20 vs oct 19): Steppe Wire [1] against Baltic Relay [2]"."""
    what = f"the {kind}" if kind in ("date", "year", "number") else "this"
    extra = f" ({detail})" if detail else ""

    def side(ev: Evidence) -> str:
        outlets = " and ".join(ev.outlets) or ev.article_id
        ref = cite_of.get(ev.key)
        return f"{outlets} [{ref}]" if ref else outlets

    return f"Sources disagree on {what}{extra}: {side(first)} against {side(second)}"


def uncertainty_note(a: Assessment, status: str, dropped: int, citations: Sequence[Citation],
                     frame: QuestionFrame | None = None) -> str | None:
    """What the sources leave open, naming outlets and markers, never re-quoting the answer."""
    if status == "answered":
        return None
    cite_of = {(c.article_id, c.start, c.end): c.id for c in citations}
    parts: list[str] = []
    summary = hedge_summary(a.hedged, cite_of)
    if summary:
        asked = ASKED_THING.get(str(frame.kind), "this") if frame is not None else "this"
        parts.append(f"Not settled: {asked} — {summary}")
    for first, second, conflict in a.conflicts:
        parts.append(conflict_clause(first, second, conflict.kind, conflict.detail, cite_of))
    parts += [r[:1].upper() + r[1:] for r in a.reasons if r.startswith(UNFILLED)]  # on topic, slot not filled
    if not parts:
        parts += [r[0].upper() + r[1:] for r in a.reasons if r.startswith(("no selected", "the closest"))]
    if not parts and any("thin support" in r for r in a.reasons):
        parts.append("Only weakly related passages were found; treat this as unconfirmed")
    if dropped:
        parts.append(f"{dropped} sentence(s) of the model's answer had no support and were removed")
    if not parts:
        parts.append("The evidence does not settle this question")
    return ". ".join(parts) + "."
