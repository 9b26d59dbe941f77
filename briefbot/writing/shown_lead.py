"""The status judged on the sentence the reader sees first (issue 17).

The truth layer's one-report rule (:func:`~briefbot.truth.status.alone.single_report`) judges the
first selected sentence, but the writer (:func:`~briefbot.writing.writer.lead_item`) may open the
answer with another one, and a reader takes ``answered`` to be about the sentence the answer opens
with.  Pinning the truth layer's sentence as the lead was tried and made answers worse (the writer's
choice was the better sentence), so the writer keeps its lead and the one-report test is asked again
of it (:func:`judged_on_shown_lead`).  On realnews dev half 3 an answer whose shown sentence had a
second report ("President Obama signs a bill …") went from ``uncertain: only one report`` to
``answered``, right; no dev answer was shown with a sentence one report alone gives.
"""

from __future__ import annotations

from briefbot.language.question import QuestionFrame
from briefbot.store.copies import CopyGroups
from briefbot.truth.corroboration import fold_copies
from briefbot.truth.evidence import EvidenceSet
from briefbot.truth.status import Assessment, rules
from briefbot.truth.status.alone import others_in, shown_alone
from briefbot.writing.plan import conflict_sides, pinned_lead, protected_evidence, unfilled_slot
from briefbot.writing.voice import standalone_voices
from briefbot.writing.writer import lead_item


def shown_lead(a: Assessment, frame: QuestionFrame | None) -> int | None:
    """The index of ``a.selected`` the answer opens with (the writer's own choice, on the wording it shows)."""
    if not a.selected:
        return None
    return lead_item(standalone_voices(a.selected), a.status, frame, protected_evidence(a), pinned_lead(a),
                     conflict_sides(a), unfilled_slot(a))


def judged_on_shown_lead(a: Assessment, es: EvidenceSet, frame: QuestionFrame | None,
                         groups: CopyGroups | None) -> Assessment:
    """``a`` with its one-report judgement made on the sentence the answer opens with, when that is
    not the first selected one: an ``answered`` whose shown sentence one report alone gives becomes
    ``uncertain`` (the note says whose word it is), and an answer ``uncertain`` only because the first
    selected sentence is one report's becomes ``answered`` when the sentence shown has a second report
    (cited with it).  Any other reason keeps the answer as it is."""
    only_alone = len(a.reasons) == 1 and others_in(a.reasons[0]) is not None
    if not (a.status == "answered" or (a.status == "uncertain" and only_alone)):
        return a
    n = shown_lead(a, frame)
    if not n:
        return a
    alone = shown_alone(es, a.selected, n, groups)
    if a.status == "answered" and alone:
        a.reasons.append(alone)
        a.status = "uncertain"
        a.confidence = rules.confidence(es, True)
    elif a.status == "uncertain" and only_alone and not alone:
        a.reasons.clear()
        a.status = "answered"
        a.confidence = rules.confidence(es, False)
    a.selected = fold_copies(a.selected, groups or CopyGroups())  # a wire copy of the shown lead counts once
    return a

