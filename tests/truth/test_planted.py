"""Issue 21 row 6b: a bare claim one outlet plants and another contradicts is ``uncertain``
with both sides cited — decided by the status rules, so on every backend (an LLM never
moves a status upward).  Real MiniLM vectors; sentences are our own."""

from __future__ import annotations

from briefbot.language.question import analyse_question
from briefbot.store.embeddings import encode, encode_query
from briefbot.truth.evidence import Evidence, EvidenceSet
from briefbot.truth.status import assess


def _set(question: str, *claims: tuple[str, str, str]) -> EvidenceSet:
    q = analyse_question(question)
    qv = encode_query(question)
    vecs = encode([c[0] for c in claims])
    items = []
    for (text, article, outlet), v in zip(claims, vecs, strict=True):
        ev = Evidence(article_id=article, chunk_id=f"{article}::0", title="Varga and Brandt summit", source=outlet,
                      url=None, published="2025-03-06", text=text, start=0, end=len(text))
        ev.vector = v
        ev.similarity = float(v @ qv)
        ev.score = ev.similarity + 0.2
        ev.hedges = list(ev.features.hedges)
        items.append(ev)
    items.sort(key=lambda e: e.score, reverse=True)
    return EvidenceSet(q.with_vector(qv), items, qv, 2, 2)


def test_a_planted_claim_contradicted_by_another_outlet_is_uncertain_with_both_sides() -> None:
    es = _set("Was the Varga-Brandt summit cancelled?",
              ("The Varga-Brandt summit was cancelled.", "a1", "Planted Wire"),
              ("The summit between Varga and Brandt will go ahead as planned on Friday, officials said.", "a2",
               "Courier"))
    result = assess(es)
    assert result.status == "uncertain"
    assert "the sources disagree" in result.reasons
    sides = {s.source for first, second, _ in result.conflicts for s in (first, second)}
    assert sides == {"Planted Wire", "Courier"}
    assert {e.source for e in result.selected} >= sides


def test_competing_blame_is_uncertain_with_both_quotes() -> None:
    es = _set("Who is to blame for the Norvale plant failure?",
              ("Union leaders say Carrow Freight cut corners on safety checks at the Norvale plant.", "a1", "Courier"),
              ("Carrow Freight called the union's claims about the Norvale plant misinformation.", "a2", "Post"))
    result = assess(es)
    assert result.status == "uncertain"
    assert any(d.kind == "claim" for _, _, d in result.conflicts)
