"""Disagreements between claims about the same event — for answers and briefs alike.

Two claims are compared only when they are about **the same event**
(:func:`same_event`): they come from different articles, share their participants
(the names of one are contained in the other's, or most names are shared), say
something similar (MiniLM cosine ≥ :data:`SAME_EVENT_SIMILARITY` and at least one
shared non-name content word), and their times are compatible (no two different
years; numbers are compared only when the days agree).  Then:

* **date** / **year** / **number** — they give different calendar days, years, or
  counted amounts of the same thing (counts in words or digits, with their bounds:
  "four people" vs "three people", "at least nine were arrested" vs "eight were arrested";
  "at least nine" and "ten" agree — :mod:`briefbot.language.counts`);
* **denial** — a shared predicate is negated or denied in one claim and asserted in
  the other ("the meeting was postponed" vs "nothing was agreed, so nothing can be
  postponed"), or one confirms what the other denies;
* **recommendation** / **claim** — the shared predicate takes a reversing complement
  in one claim only ("unlikely to recommend the summit" vs "unlikely to recommend
  postponing it"), or one claim says the event was reversed and the other that it goes
  on — judged also on the clauses naming what both are about ("the bridge remains open,
  with one lane shut": the lane is shut, not the bridge).

Scope is grammar, not story words: a denial governs its own clause and only when it is not
itself negated ("could not confirm or deny"); "false"/"untrue" deny only as predicates;
two claims that both deny are not an assertion and its denial; a negated verb of
intention negates its complement ("unlikely to recommend going ahead").

The cue tables below are grammar (negators, denial verbs, reversal verbs), one
labelled row each — never story words.  A call between two ministers on one day and a
call between two presidents on another day share no participants, so they are not
compared at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from briefbot.language.counts import count_conflict, counts
from briefbot.language.features import Features, attribution, features
from briefbot.language.text import MONTHS, RELATIVE_DAYS, STOPWORDS, WEEKDAYS, fold, names, stem, tokens
from briefbot.truth.verify import quantities

SAME_EVENT_SIMILARITY = 0.55
"""Claims less similar than this (MiniLM cosine) are about different things.  Calibrated on
the conflict fixtures of evals/ (dev): same-event pairs sit at 0.57-0.9 (two outlets'
differently worded repair-cost sentences: 0.57); different events of one story are
kept apart by the participant and shared-predicate tests, not by this cut alone."""
DENIAL_SIMILARITY = 0.65
"""Polarity conflicts need a closer match than value conflicts: an assertion and a denial
share most words, while two different statements that happen to contain "not" do not."""
OUTCOME_SHARED_WORDS = 2
"""A reversed-vs-continued conflict needs this many shared non-name words (the event itself)."""
NAMED_EVENT_NAMES = 3
NAMED_EVENT_SIMILARITY = 0.75
"""Two claims sharing this many names and this similar are about one event even when they
share no other word (one says "passed", the other "set aside")."""
YEAR_SIMILARITY = 0.75
"""Claims giving different years are one event dated differently only when this similar."""
SUBSET_SLACK = 2
"""One claim's names inside the other's count as shared participants when the other names at
most this many more (a sentence naming six people is not about every pair of them)."""
PARTICIPANT_OVERLAP = 0.5
"""Jaccard overlap of the two claims' names above which they share participants
(one claim's names all inside the other's also counts)."""
NEGATION_WINDOW = 5
"""A negator governs the first content word at most this many words after it."""
COMPLEMENT_WINDOW = 3
"""A negated verb of intention also negates its complement, the content words among the next
this many words ("unlikely to recommend going ahead": "ahead" is not asserted)."""

NEGATORS: tuple[tuple[str, str], ...] = (
    ("not", "negation"), ("no", "negation"), ("never", "negation"), ("n't", "negation"),
    ("cannot", "negation"), ("nothing", "negation"), ("neither", "negation"), ("nor", "negation"),
    ("without", "negation"), ("unlikely", "negation"), ("deny", "denial"), ("denied", "denial"),
    ("denies", "denial"), ("rejected", "denial"), ("dismissed", "denial"), ("false", "denial"),
    ("untrue", "denial"), ("baseless", "denial"),
)
"""Words that negate or deny the predicate after them (labelled rows)."""
_NEGATOR_WORDS = frozenset(w for w, _ in NEGATORS)
DENIALS = frozenset({"deny", "denied", "denies", "untrue", "false", "baseless"})
"""Denials dispute a whole statement ("reports it would close were untrue") — the clause they
stand in, when they are not themselves negated ("could not confirm or deny")."""
PREDICATIVE_DENIALS = frozenset({"untrue", "false", "baseless"})
"""These deny only as a predicate ("were untrue", "dismissed as baseless"), not as an attribute
("citizenship obtained under false pretences")."""
COPULAS = frozenset("is are was were be been being as".split())
DENIAL_NOUNS = frozenset({"denial", "denials"})
"""A claim that itself denies ("a vigorous denial") is not the asserting side of a denial."""
CONFIRM_WORDS = frozenset(stem(w) for w in "confirm confirmed confirms confirming verified acknowledged".split())
REVERSAL_VERBS = frozenset(stem(w) for w in (
    "postpone delay cancel suspend halt scrap abandon drop withdraw reject block oppose "
    "shelve pause freeze end stop close closed shut scrap aside").split())
"""Verbs that undo or reverse an action ("recommend the summit" vs "recommend postponing it")."""
CONTINUATION = frozenset(stem(w) for w in (
    "ahead proceed proceeding resume resumed continue continues open opened reopen reopened "
    "pass passed approve approved sign signed").split())
"""Words saying an action goes on or was done ("will go ahead as planned", "remains open",
"passed"), the opposite of a :data:`REVERSAL_VERBS` verb about the same event."""
RECOMMEND_VERBS = frozenset(stem(w) for w in "recommend urge advise propose suggest favour favor".split())
COMPLEMENT_VERBS = RECOMMEND_VERBS | frozenset(stem(w) for w in "agree decide plan intend want seek expect ask".split())
"""Verbs of intention whose object is an action ("recommend postponing", "decided to cancel")."""


@dataclass(frozen=True)
class Claim:
    """One statement of one outlet, as compared for conflicts."""

    text: str
    article_id: str
    outlet: str
    start: int
    end: int
    vector: np.ndarray | None = None
    context: str = ""
    """Title of the claim's article: names the event when the sentence itself names nobody."""

    @property
    def features(self) -> Features:
        return features(self.text)

    def side(self) -> Side:
        """The claim as one side of a disagreement."""
        return Side(self.text, self.article_id, self.outlet, self.start, self.end)


@dataclass(frozen=True)
class Side:
    text: str
    article_id: str
    outlet: str
    start: int
    end: int


@dataclass(frozen=True)
class Disagreement:
    kind: str
    """"date", "year", "number", "place", "denial", "recommendation", "claim" or "explanation"
    ("place": two names of the asked place, :mod:`briefbot.truth.competing`)."""
    sides: tuple[Side, ...]
    detail: str = ""


def participants(claim: Claim) -> frozenset[str]:
    """The claim's names (its article title's when the sentence names nobody), minus the names of
    its in-text source ("..., Carrow Freight said"): the speaker is not a participant."""
    own = claim.features.names or names(claim.context)
    source = claim.features.attribution  # who says it is not who it is about
    return (own - names(source)) or own if source else own


def same_participants(a: Claim, b: Claim) -> bool:
    """Shared participants, judged on all names and on names without the speakers (a company
    denying a report about itself is a participant; a fire service quoted is not)."""
    raw_a, raw_b = a.features.names or names(a.context), b.features.names or names(b.context)
    return _overlap(participants(a), participants(b)) or _overlap(raw_a, raw_b)


def _overlap(pa: frozenset[str], pb: frozenset[str]) -> bool:
    if not pa or not pb:
        return False
    small, large = sorted((pa, pb), key=len)
    if small <= large and len(large - small) <= SUBSET_SLACK:
        return True
    return len(pa & pb) / len(pa | pb) >= PARTICIPANT_OVERLAP


def similarity(a: Claim, b: Claim) -> float:
    if a.vector is None or b.vector is None:
        return 0.0
    return float(a.vector @ b.vector)


TIME_WORDS = frozenset(stem(w) for w in (*MONTHS, *WEEKDAYS, *RELATIVE_DAYS, "week", "month", "year", "day"))
"""Calendar words say *when*, not *what*: two claims sharing only "June" are not about one
event (a call on June 3 and a provisional meeting on June 20)."""


def shared_predicate(a: Claim, b: Claim) -> frozenset[str]:
    """Content words both claims use that are not names, numbers or calendar words."""
    fa, fb = a.features, b.features
    return (fa.words & fb.words) - fa.names - fb.names - fa.numbers - fb.numbers - TIME_WORDS


def same_event(a: Claim, b: Claim, min_similarity: float = SAME_EVENT_SIMILARITY) -> bool:
    """Different articles, shared participants and a similar predicate (time is checked by the caller)."""
    if a.article_id == b.article_id or similarity(a, b) < min_similarity:
        return False
    return same_participants(a, b) and (bool(shared_predicate(a, b)) or named_event(a, b))


def named_event(a: Claim, b: Claim) -> bool:
    """Claims that say it in different words but name the same event closely: at least
    :data:`NAMED_EVENT_NAMES` shared names and MiniLM cosine ≥ :data:`NAMED_EVENT_SIMILARITY`
    ("the Senate passed the Fishing Quotas Act" / "the Senate set aside the Fishing Quotas Act")."""
    shared = (a.features.names or names(a.context)) & (b.features.names or names(b.context))
    return len(shared) >= NAMED_EVENT_NAMES and similarity(a, b) >= NAMED_EVENT_SIMILARITY


def year_conflict(a: Claim, b: Claim) -> tuple[str, str] | None:
    """Different years: one event dated differently when the claims are near-identical and give
    no days, else two events in different years (None either way for the other tests)."""
    ya, yb = a.features.years, b.features.years
    if not (ya and yb) or ya & yb:
        return None
    if not (a.features.days or b.features.days) and similarity(a, b) >= YEAR_SIMILARITY:
        return "year", f"{_fmt(ya)} vs {_fmt(yb)}"
    return "different-time", ""


def value_conflict(a: Claim, b: Claim) -> tuple[str, str] | None:
    """(kind, detail) when same-event claims give different days or counted amounts."""
    da, db = a.features.days, b.features.days
    if da and db and not da & db:
        return "date", f"{_fmt(da)} vs {_fmt(db)}"
    if da and db and da != db:
        return None  # partly different days: different moments, not comparable amounts
    ta, tb = unattributed(a), unattributed(b)
    found = count_conflict(ta, tb)
    if found is not None:  # counts in words or digits, with their bounds ("at least nine" vs "eight")
        return "number", f"{found[0].text.lower()} vs {found[1].text.lower()}"
    counted = {c.thing for c in counts(ta)} & {c.thing for c in counts(tb)}  # judged above, bounds and all
    qa, qb = quantities(a.text), quantities(b.text)
    clash = sorted(u for u in qa.keys() & qb.keys() if not qa[u] & qb[u] and u not in counted)
    if clash and _has_figure(a.text) and _has_figure(b.text):  # "two diplomats" is no measured figure
        u = clash[0]
        return "number", f"{_fmt(qa[u])} vs {_fmt(qb[u])} ({u})"
    return None


def count_of_one_event(a: Claim, b: Claim) -> tuple[str, str] | None:
    """A number conflict between claims that count *the asked predicate itself* differently
    ("police arrested eight people" vs "at least nine of the activists were arrested"): the
    counted verb or noun is a shared predicate word and the claims share a name, so they are
    one event even when one of them also names its source and bystanders (participants by
    name alone would keep them apart)."""
    if a.article_id == b.article_id or similarity(a, b) < SAME_EVENT_SIMILARITY:
        return None
    if not (a.features.names or names(a.context)) & (b.features.names or names(b.context)):
        return None
    if year_conflict(a, b) is not None or (a.features.days and b.features.days and a.features.days != b.features.days):
        return None
    found = count_conflict(unattributed(a), unattributed(b))
    if found is None or found[0].thing not in shared_predicate(a, b):
        return None
    return "number", f"{found[0].text.lower()} vs {found[1].text.lower()}"


def unattributed(claim: Claim) -> str:
    """The claim without its in-text source: "two diplomats said" counts no diplomats."""
    text = claim.text
    for source in (claim.features.attribution, attribution(text[:1].lower() + text[1:])):
        if source:  # also a sentence-initial source: "Two diplomats said ..."
            text = re.sub(re.escape(source), " ", text, flags=re.I)
    return text


def negated_stems(text: str) -> frozenset[str]:
    """Stems of the predicates a negator governs: the first content word after it (within
    :data:`NEGATION_WINDOW` words: "cannot be postponed", "unlikely to recommend"), and when that
    is a verb of intention, its complement too.  A denial ("denied", "were untrue") disputes
    the whole statement of its clause, so it governs every content word of that clause."""
    out: set[str] = set()
    for clause in CLAUSE_BREAK.split(text):
        ct = tokens(clause)
        if any(_denial_at(ct, i) for i in range(len(ct))):
            out |= {stem(t) for t in ct if t not in STOPWORDS and t not in _NEGATOR_WORDS}
    toks = tokens(text)
    for i, tok in enumerate(toks):
        if _negator(tok):
            at = next((j for j in range(i + 1, min(len(toks), i + 1 + NEGATION_WINDOW))
                       if toks[j] not in STOPWORDS), None)
            if at is not None and toks[at] not in _NEGATOR_WORDS:
                out.add(stem(toks[at]))
                if stem(toks[at]) in COMPLEMENT_VERBS:  # "unlikely to recommend going ahead"
                    out |= {stem(t) for t in toks[at + 1:at + 1 + COMPLEMENT_WINDOW] if t not in STOPWORDS}
    return frozenset(out)


def _negator(tok: str) -> bool:
    return tok in _NEGATOR_WORDS or tok.endswith("n't")


def _denial_at(toks: list[str], i: int) -> bool:
    """Is ``toks[i]`` a denial in force: a denial word, predicative when it is an adjective,
    and not negated itself ("did not deny", "could not confirm or deny")?"""
    tok = toks[i]
    if tok not in DENIALS or (tok in PREDICATIVE_DENIALS and (i == 0 or toks[i - 1] not in COPULAS)):
        return False
    return not any(_negator(t) for t in toks[max(0, i - 3):i])


def denies(text: str) -> bool:
    """Does the claim deny something (a denial in force, or a denial named as such)?"""
    toks = tokens(fold(text))
    return any(_denial_at(toks, i) or toks[i] in DENIAL_NOUNS for i in range(len(toks)))


def confirms(text: str) -> bool:
    """Does the claim confirm something (a confirming word not under a negator)?"""
    toks = tokens(fold(text))
    return any(stem(t) in CONFIRM_WORDS and not any(_negator(p) for p in toks[max(0, i - 3):i])
               for i, t in enumerate(toks))


NON_ANSWER = re.compile(
    r"\b(?:declin\w*|refus\w*|(?:did|does|do|would|could|will)\s*(?:not|n't)|wouldn't|couldn't|didn't)\s+"
    r"(?:immediately\s+)?(?:to\s+)?(?:comment|respond|reply|answer|say|discuss|elaborate|confirm\s+or\s+deny|return)\b"
    r"|\bno\s+comment\b|\bnot\s+(?:immediately\s+)?available\s+for\s+comment\b",
    re.I,
)
"""A party that declines to comment, does not respond or will not say has denied nothing:
its sentence is no side of a denial ("acknowledged the letter" vs "declined to comment")."""


def non_answer(text: str) -> bool:
    """Is the claim a refusal to comment rather than a statement?"""
    return bool(NON_ANSWER.search(text))


def polarity_conflict(a: Claim, b: Claim) -> tuple[str, str] | None:
    """(kind, detail) when one claim negates/denies a shared predicate the other asserts.

    The asserting claim must not itself reverse the event with another verb ("the meeting
    was postponed" and "they will not meet" agree), so only a plain assertion and its
    negation conflict.  Two claims that both deny are not an assertion and its denial.
    """
    da, db = denies(a.text), denies(b.text)
    if (da and db) or non_answer(a.text) or non_answer(b.text):
        return None
    shared = shared_predicate(a, b)
    na, nb = negated_stems(fold(a.text)) & shared, negated_stems(fold(b.text)) & shared
    ra, rb = _reversals(a.text), _reversals(b.text)
    flipped = sorted(s for s in na ^ nb if not ((rb if s in na else ra) - {s}))
    if flipped:
        kind = "recommendation" if RECOMMEND_VERBS & set(flipped) else "denial"
        return kind, f"one report negates what the other states ({', '.join(flipped)})"
    if (confirms(a.text) and db) or (confirms(b.text) and da):
        return "denial", "one report confirms what the other denies"
    return None


def complement_conflict(a: Claim, b: Claim) -> tuple[str, str] | None:
    """(kind, detail) when a shared verb of intention takes a reversing complement in one claim
    only ("recommend the summit" vs "recommend postponing the summit")."""
    shared = shared_predicate(a, b) & COMPLEMENT_VERBS
    ra, rb = _reversed_after(a.text, shared), _reversed_after(b.text, shared)
    if ra == rb:
        return None
    verb = sorted(ra ^ rb)[0]
    kind = "recommendation" if verb in RECOMMEND_VERBS else "claim"
    return kind, f"one report has “{verb}” followed by a reversal, the other not"


def plain(text: str) -> bool:
    """A plain assertion: nothing negated ("unlikely to recommend that the meeting go ahead"
    asserts neither outcome), nothing called unclear."""
    folded = fold(text)
    return not negated_stems(folded) and "unclear" not in folded


def outcome_conflict(a: Claim, b: Claim) -> tuple[str, str] | None:
    """(kind, detail) when one claim reverses an event (cancelled, closed, postponed) and the
    other says it goes on or was done (will go ahead, remains open, passed), neither negated.

    Judged on the whole sentences, then on the clauses that name what both claims are about
    (:func:`subject_clauses`): in "the bridge remains open to cars, with one lane shut" the
    "shut" belongs to a lane, not to the bridge that the other claim says is closed."""
    shared = shared_predicate(a, b) - a.features.days
    both = participants(a) & participants(b) and plain(a.text) and plain(b.text)
    if len(shared) < OUTCOME_SHARED_WORDS and not (shared and both) and not named_event(a, b):
        return None  # the event is its shared words, or (plain claims) a shared word and shared participants
    subject = shared | (a.features.names & b.features.names)
    for ta, tb in ((a.text, b.text), (subject_clauses(a.text, subject), subject_clauses(b.text, subject))):
        ra, rb, ca, cb = _reversals(ta), _reversals(tb), _continues(ta), _continues(tb)
        if (ra and not rb and cb and not ca) or (rb and not ra and ca and not cb):
            if not (negated_stems(fold(a.text)) | negated_stems(fold(b.text))) & (ra | rb | ca | cb):
                return "claim", "one report says it was reversed, the other that it goes on"
    return None


REASON = re.compile(
    r"\b(?:because(?:\s+of)?|due\s+to|owing\s+to|blamed\s+(?:it\s+)?on|caused\s+by|attributed\s+(?:it\s+)?to"
    r"|the\s+reason\s+(?:was|is))\s+([^,;.]{3,120})"
    r"|\bit\s+was\s+([^\W\d_]+(?:\s+[^\W\d_]+)?),?\s+not\s+[^\W\d_]+",
    re.I,
)
"""A stated reason: the clause after "because", "due to", "blamed on", ... or the focus of
"it was X, not Y, that …"."""
REASON_UNKNOWN = re.compile(r"\b(?:unclear|not\s+clear|unknown|not\s+known|no\s+reason)\s+(?:why|what)\b", re.I)


def reasons(text: str) -> frozenset[str]:
    """Content-word stems of the reasons ``text`` states (empty when it states none)."""
    out: set[str] = set()
    for m in REASON.finditer(text):
        clause = m.group(1) or m.group(2) or ""
        out |= {stem(t) for t in tokens(fold(clause)) if t not in STOPWORDS and not t.isdigit()}
    return frozenset(out - TIME_WORDS)


def explanation_conflict(a: Claim, b: Claim) -> tuple[str, str] | None:
    """(kind, detail) when two reports explain one event differently: each states a reason
    and the reasons share no word ("because they disagreed over tariffs" vs "because of a
    scheduling problem"), or one states a reason and the other that the reason is unclear."""
    ra, rb = reasons(a.text), reasons(b.text)
    if ra and rb and not ra & rb:
        return "explanation", f"different reasons: {_fmt(ra)} vs {_fmt(rb)}"
    if (ra and REASON_UNKNOWN.search(b.text)) or (rb and REASON_UNKNOWN.search(a.text)):
        return "explanation", "one report gives a reason, the other says it is unclear"
    return None


DISMISSAL = re.compile(
    r"\b(?:call(?:s|ed|ing)?|dismiss(?:es|ed|ing)?(?:\s+as)?|describ(?:es|ed|ing)\s+as|brand(?:s|ed)?|label(?:s|led)?"
    r"|(?:is|are|was|were)(?:\s+\w+)?)\s+(?:[\w'’.-]+\s+){0,8}?"
    r"(?:misinformation|disinformation|inaccurate|misleading|unfounded|fabricated|false|untrue|baseless|lies|nonsense)\b",
    re.I,
)
"""A claim dismissed as untrue: "calls that misinformation", "dismissed the report as
baseless", "the allegations are false" (grammar: a verb of naming or a copula, then a word
that says *untrue*)."""


def dismisses(text: str) -> bool:
    """Does the claim dismiss another claim as untrue (and not under a negator)?"""
    m = DISMISSAL.search(text)
    if m is None:
        return False
    before = tokens(fold(text[:m.start()]))[-3:]
    return not any(_negator(t) for t in before) and not re.search(r"\b(?:not|never)\b|n't\b", m.group(0), re.I)


def dismissal_conflict(a: Claim, b: Claim) -> tuple[str, str] | None:
    """(kind, detail) when one report dismisses as untrue what the other asserts — blame one
    party lays and the other rejects ("X says Y cut corners" vs "Y calls that misinformation")."""
    xa, xb = dismisses(a.text), dismisses(b.text)
    if xa == xb or non_answer(a.text) or non_answer(b.text):
        return None
    return "claim", "one party's claim is dismissed as untrue by the other"


CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
"""Punctuation that ends a clause or an aside ("..., with one lane shut for resurfacing, ...")."""


def subject_clauses(text: str, subject: frozenset[str]) -> str:
    """The clauses of ``text`` that name a word of ``subject`` (stems); the whole text when none does."""
    parts = [p for p in CLAUSE_BREAK.split(text) if p.strip()]
    keep = [p for p in parts if frozenset(stem(t) for t in tokens(p)) & subject]
    return " ".join(keep) or text


def _continues(text: str) -> frozenset[str]:
    return frozenset(stem(t) for t in tokens(text)) & CONTINUATION


def _reversals(text: str) -> frozenset[str]:
    return frozenset(stem(t) for t in tokens(text)) & REVERSAL_VERBS


def _reversed_after(text: str, verbs: frozenset[str]) -> frozenset[str]:
    """The verbs of ``verbs`` whose complement (first content word after them) is a reversal."""
    toks = tokens(text)
    out = set()
    for i, tok in enumerate(toks):
        if stem(tok) in verbs:
            head = next((t for t in toks[i + 1:i + 4] if t not in STOPWORDS), None)
            if head is not None and stem(head) in REVERSAL_VERBS:
                out.add(stem(tok))
    return frozenset(out)


def find_conflicts(claims: Sequence[Claim]) -> list[Disagreement]:
    """Every pair of same-event claims that disagree, with both quotes and outlets."""
    out: list[Disagreement] = []
    for i, a in enumerate(claims):
        for b in claims[i + 1:]:
            found = compare(a, b)
            if found:
                out.append(Disagreement(found[0], (a.side(), b.side()), found[1]))
    return out


def compare(a: Claim, b: Claim) -> tuple[str, str] | None:
    """The first disagreement between two claims, or None (also None for different events)."""
    if not same_event(a, b):
        return count_of_one_event(a, b)
    found = year_conflict(a, b)
    if found is not None:
        return None if found[0] == "different-time" else found
    found = value_conflict(a, b)
    if found is None and similarity(a, b) >= DENIAL_SIMILARITY:
        found = polarity_conflict(a, b) or complement_conflict(a, b)
    return found or outcome_conflict(a, b) or explanation_conflict(a, b) or dismissal_conflict(a, b)


def _has_figure(text: str) -> bool:
    return any(n.isdigit() and not re.fullmatch(r"(?:1[89]|20)\d\d", n) for n in re.findall(r"\d+", text))


def _fmt(values: frozenset[str] | set[str]) -> str:
    return ", ".join(sorted(values))
