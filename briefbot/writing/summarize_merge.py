"""Point merging: the same fact in several articles becomes one point citing all of them.

Split out of :mod:`briefbot.writing.summarize` because deciding that two sentences state the
same fact (similar wording, compatible numbers, mutual support by the verifier's
test) is its own job, shared by the brief's points, its open questions and its
"what's new since" points.  :func:`weakest_claim` words each point so that every
credited outlet supports it; MMR over groups keeps the points distinct.
"""

from __future__ import annotations

from briefbot.language.text import normalize
from briefbot.truth.conflicts import compare
from briefbot.truth.evidence import Evidence
from briefbot.truth.status import claim_of
from briefbot.truth.verify import SPEECH, check_support, content_words, fidelity, numbers
from briefbot.writing.summarize_sentences import Group, Sentence


def _compatible(a: str, b: str) -> bool:
    na, nb = numbers(a), numbers(b)
    return not na or not nb or na <= nb or nb <= na


def same_fact(a: Evidence, b: Evidence, threshold: float) -> bool:
    """Near-duplicate statements: very similar, or the same numbers/dates with shared wording."""
    sim = float(a.vector @ b.vector)  # type: ignore[operator]
    if not _compatible(a.text, b.text) or disagree(a, b):
        return False
    if sim >= threshold:
        return mutually_supporting(a, b, sim)
    na, nb = numbers(a.text), numbers(b.text)
    if na and na == nb and sim >= 0.45:
        wa, wb = content_words(a.text), content_words(b.text)
        return len(wa & wb) / max(1, len(wa | wb)) >= 0.25 and mutually_supporting(a, b, sim)
    return False


def disagree(a: Evidence, b: Evidence) -> bool:
    """Do two sentences disagree by the conflict module's test (a claim and its denial, a
    date against a date)?  Then they are two sides, never one point crediting both outlets
    (word overlap alone lets "the council denied it had postponed the vote" support "the
    council has postponed its vote")."""
    return a.article_id != b.article_id and compare(claim_of(a), claim_of(b)) is not None


def mutually_supporting(a: Evidence, b: Evidence, sim: float) -> bool:
    """One sentence supports the other by the verifier's test (names, numbers, dates, hedges
    and attribution kept).  :func:`weakest_claim` then words the point so that every
    credited outlet supports it."""
    return supports(a, b, sim) or supports(b, a, sim)


def supports(claim: Evidence, quote: Evidence, sim: float | None = None) -> bool:
    """Does ``quote`` support ``claim`` by the verifier's test?"""
    if sim is None:
        sim = float(claim.vector @ quote.vector)  # type: ignore[operator]
    return check_support(claim.text, [quote.text], sim, [f"{quote.title} {quote.source}"]).supported


def keeps_stance(claim: Evidence, quote: Evidence) -> bool:
    """Credit ``quote`` with ``claim`` only when the claim keeps the quote's stance: none of its
    hedges dropped, its attribution kept (or the claim says who speaks), no hedge or cause lost
    by the verifier's :func:`briefbot.truth.verify.fidelity` test."""
    q, c = quote.features, claim.features
    if set(q.hedges) - set(c.hedges):
        return False
    if q.attribution and not (c.attribution or SPEECH.search(normalize(claim.text))):
        return False
    return not fidelity(claim.text, [quote.text], f"{quote.title} {quote.source}")


def credited_members(group: Group) -> None:
    """Keep as members only the sentences that state the representative's claim with its stance
    (after the representative changed, e.g. a dangling one was replaced)."""
    group.members = [m for m in group.members if supports(group.rep.ev, m.ev) and keeps_stance(group.rep.ev, m.ev)]


def weakest_claim(group: Group) -> None:
    """Make the representative the sentence the other members support most (the claim they
    all make), and keep as members only the sentences that support it: every credited
    outlet then states the point's claim, and a qualifier like "indefinitely" that only
    one outlet wrote is not put in the others' mouths."""
    if not group.members:
        return
    sents = group.all
    backing = {id(s): [o for o in sents if o is not s and supports(s.ev, o.ev)] for s in sents}
    best = max(sents, key=lambda s: (len(backing[id(s)]), s is group.rep, -len(content_words(s.ev.text))))
    group.rep = best
    group.members = backing[id(best)]


def merge_sentences(sents: list[Sentence], threshold: float) -> list[Group]:
    """Greedy grouping (best first) of near-duplicate sentences from different articles."""
    groups: list[Group] = []
    for s in sents:
        for g in groups:
            if g.rep.ev.key == s.ev.key or any(m.ev.key == s.ev.key for m in g.members):
                break
            if s.ev.article_id not in {m.ev.article_id for m in g.all} and same_fact(s.ev, g.rep.ev, threshold):
                g.members.append(s)
                break
        else:
            groups.append(Group(s))
    return groups


def attach_duplicates(g: Group, pool: list[Sentence], threshold: float) -> None:
    """Cite every other article that carries the same fact (its closest sentence)."""
    have = {s.ev.article_id for s in g.all}
    best: dict[str, tuple[float, Sentence]] = {}
    for s in pool:
        if s.ev.article_id in have:
            continue
        sim = float(s.ev.vector @ g.rep.ev.vector)  # type: ignore[operator]
        if same_fact(s.ev, g.rep.ev, threshold):
            if s.ev.article_id not in best or sim > best[s.ev.article_id][0]:
                best[s.ev.article_id] = (sim, s)
    g.members += [s for _, s in sorted(best.values(), key=lambda x: -x[0])]


OPEN_QUESTION_DUPLICATE = 0.6
"""Open questions at least this similar (MiniLM cosine) ask the same thing; only the first is kept.
Set on the corpus briefs: rewordings of one open point sit at 0.62-0.85, distinct ones below 0.5."""


def distinct_by_meaning(groups: list[Group], threshold: float = OPEN_QUESTION_DUPLICATE) -> list[Group]:
    """Drop groups whose representative means the same as an earlier one (same article or not)."""
    kept: list[Group] = []
    for g in groups:
        if all(float(g.rep.ev.vector @ k.rep.ev.vector) < threshold for k in kept):  # type: ignore[operator]
            kept.append(g)
    return kept


def select_groups(groups: list[Group], k: int, redundancy: float = 0.5, max_similarity: float = 0.72) -> list[Group]:
    """MMR over groups: high score, low similarity to the points already chosen."""
    chosen: list[Group] = []
    rest = sorted(groups, key=lambda g: -g.score)
    while rest and len(chosen) < k:
        def sim(g: Group) -> float:
            return max((float(g.rep.ev.vector @ m.ev.vector) for c in chosen for m in c.all), default=0.0)  # type: ignore[operator]

        best = max(rest, key=lambda g: g.score - redundancy * max(0.0, sim(g)))
        rest.remove(best)
        if sim(best) < max_similarity:
            chosen.append(best)
    return chosen
