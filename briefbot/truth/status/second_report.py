"""A second report: another independent text that states the lead's asked claim is cited with it (issue 17).

The canvass (:mod:`briefbot.truth.canvass`) reads every independent text of the question's story
and keeps each text's sentences of the claim's form that say an asked word
(``EvidenceSet.reports``).  Of those, a sentence of another article that states the lead's asked
claim (:func:`~briefbot.truth.status.same_claim.same_claim`) about the same event
(:func:`~briefbot.truth.corroboration.one_event`) joins the lead's duplicates, so the writer cites
both ("[1][2]") and a rule can count the reports an answer rests on.  A wire copy of the lead's
own text may join here; :func:`~briefbot.truth.corroboration.fold_copies` drops it again (copies of
one report count once).  The closest sentence of each article is tried first; one joins per article.

Where the claim is a value (a figure, a date, a name), the shared value stands in for most of the
event test (:func:`~briefbot.truth.status.shared_value.value_event`), and the story's sentences the
shortlist left out are searched for the lead's value in a bounded second pass
(:func:`~briefbot.truth.status.shared_value.candidates`).
"""

from __future__ import annotations

from collections.abc import Sequence

from briefbot.language.question import QuestionFrame
from briefbot.truth.corroboration import one_event
from briefbot.truth.evidence import Evidence
from briefbot.truth.status.same_claim import same_claim
from briefbot.truth.status.shared_value import candidates, embedded, names_the_role_holder, value_event


def corroborate(selected: Sequence[Evidence], canvass: Sequence[Evidence], frame: QuestionFrame,
                story: Sequence[Evidence] = ()) -> int:
    """The same asked claim from another report is corroboration: a canvassed sentence of another
    article (:mod:`briefbot.truth.canvass`; pass ``EvidenceSet.reports``, every text's canvassed
    sentences, or ``EvidenceSet.canvass``) that states the lead's asked claim
    (:func:`~briefbot.truth.status.same_claim.same_claim`: the same figure of the same thing, date, name, place,
    stance or open claim, never hedged or denied) about the same event (:func:`one_event`) joins the
    lead's duplicates, one sentence per article, so the writer cites both ("[1][2]"); a wire copy of
    the lead's own text is dropped again by :func:`fold_copies`.  Another selected sentence may join
    too: it keeps its own place in the answer (it may say more than the lead, and the writer may lead
    with it), and the two cite each other.  Then the story's other sentences (``story``:
    ``EvidenceSet.story``) of articles still uncited that may state the lead's value
    (:func:`~briefbot.truth.status.shared_value.candidates`) are tried the same way.  A shared value
    needs only :func:`~briefbot.truth.status.shared_value.value_event` of the event test.  Returns how
    many joined."""
    if not selected:
        return 0
    lead = selected[0]
    held = {d.key for d in [lead, *lead.duplicates]}
    others = {id(e) for e in selected[1:]}
    cited = {d.article_id for d in [lead, *lead.duplicates]}
    joined = 0
    pool = list({e.key: e for e in [*canvass, *selected[1:]]}.values())  # a selected sentence as it is
    for e in sorted(pool, key=lambda e: _cosine(lead, e), reverse=True):
        if e.key in held or e.article_id in cited:
            continue
        if joins(frame, lead, e):
            lead.duplicates.append(e)
            if id(e) in others and lead.article_id not in {d.article_id for d in e.duplicates}:
                e.duplicates.append(lead)  # the writer may lead with either: each cites the other
            cited.add(e.article_id)
            joined += 1
    held |= {e.key for e in pool}
    rest = [e for e in story if e.key not in held]
    for e in sorted(embedded(candidates(frame, lead, rest, cited)), key=lambda e: _cosine(lead, e), reverse=True):
        if e.article_id not in cited and joins(frame, lead, e):
            lead.duplicates.append(e)
            cited.add(e.article_id)
            joined += 1
    return joined


def joins(frame: QuestionFrame, lead: Evidence, e: Evidence) -> bool:
    """Does ``e`` state the lead's asked claim about the same event (the whole-sentence test, or for a
    shared value :func:`~briefbot.truth.status.shared_value.value_event`)?  For who, naming the lead's
    role holder (:func:`~briefbot.truth.status.shared_value.names_the_role_holder`)."""
    if not (one_event(lead, e) or value_event(frame, lead, e)):
        return False
    return same_claim(frame, lead, e) and names_the_role_holder(frame, lead, e)


def _cosine(a: Evidence, b: Evidence) -> float:
    return float(a.vector @ b.vector) if a.vector is not None and b.vector is not None else -1.0
