"""One report alone: ``answered`` needs the asked claim from two independent reports (issue 17).

A news desk does not print a contested or surprising fact on one outlet's word when several
outlets cover the story: it waits for a second source or says whose word it is.  On real
multi-outlet reporting briefbot's ``answered`` was wrong about as often as it was right on stories
it had not been tuned to (held-out realnews halves: 14 of 26 and 8 of 21 ``answered`` were wrong),
and the wrong ones share a form: a topical sentence of one report that does not quite answer, or
one side of a dispute.  A real fact of the story is usually told by more than one report; a
sentence that only seems to answer rarely is.

So (:func:`single_report`): when the pile holds other independent reports of the lead's story
(article vectors linked as the story test links them; wire copies of one text count once:
:mod:`briefbot.store.copies`) and the lead claim is cited
from one text only — no other report's sentence gives the same claim
(:func:`briefbot.truth.corroboration.corroborate` and the duplicate merge) — the answer is
``uncertain`` and says whose word it rests on.  A pile with one report on the story is not
affected: there is no second report to ask; nor is a question for a source ("which outlet reported
it"), whose answer is the report itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefbot.language.question import QuestionFrame
from briefbot.language.text import tokens
from briefbot.store.copies import CopyGroups
from briefbot.truth.evidence import Evidence, EvidenceSet
from briefbot.truth.status.polar import SPEECH_VERBS
from briefbot.truth.status.second_report import corroborate
from briefbot.truth.story import STORY_LINK

_QUOTED = re.compile(r"[\"“]([^\"“”]+)[\"”]")
QUOTE_WORDS = 5
"""Words a quoted span must hold to identify one statement: a short quoted phrase ("a witch hunt")
is a label many speakers use; five words in the same order are the same words said once."""

ALONE = "only one report says it"
"""How the reason opens (the writer says it once: "Only one of the N reports on the story gives this")."""


def lead_texts(lead: Evidence, groups: CopyGroups) -> set[str]:
    """The independent texts that give the lead claim: its own and those of its duplicates
    (the same sentence in another report, or another report's same value joined by corroboration)."""
    return {groups.text_of(e.article_id) for e in [lead, *lead.duplicates]}


def story_texts(es: EvidenceSet, groups: CopyGroups, lead: Evidence) -> set[str]:
    """The independent texts read for this question that report the lead's story: of the retrieved
    evidence and each canvassed report, the articles whose stored vector reaches
    :data:`~briefbot.truth.story.STORY_LINK` with the lead's article (the story test's own link).
    Another story that only shares the question's words is no report that could confirm it.  Empty
    when the lead's article vector is unknown."""
    vectors = es.article_vectors
    own = vectors.get(lead.article_id)
    if own is None:
        return set()
    read = {d.article_id for e in [*es.items, *es.canvass, *es.reports] for d in [e, *e.duplicates]}
    return {groups.text_of(a) for a in read
            if a in vectors and float(vectors[a] @ own) >= STORY_LINK}


def quotes(text: str) -> set[str]:
    """The quoted spans of ``text`` of at least :data:`QUOTE_WORDS` words, folded (case, spacing)."""
    out = set()
    for m in _QUOTED.finditer(text):
        words = re.findall(r"[\w'’]+", m.group(1).casefold().replace("’", "'"))
        if len(words) >= QUOTE_WORDS:
            out.add(" ".join(words))
    return out


def statement_texts(selected: Sequence[Evidence], read: Sequence[Evidence], groups: CopyGroups) -> set[str]:
    """For a question about what someone said: the independent texts that quote the same words as a
    selected sentence does, among everything read for the question (``read``: the retrieved evidence
    and its duplicates).  Two reports quoting the same words confirm the statement even when the
    lead sentence paraphrases it; empty unless two texts share a quote."""
    by_quote: dict[str, set[str]] = {q: set() for e in selected for q in quotes(e.text)}
    for e in [*selected, *read]:
        for d in [e, *e.duplicates]:
            for q in quotes(d.text) & by_quote.keys():
                by_quote[q].add(groups.text_of(d.article_id))
    shared = max(by_quote.values(), key=len, default=set())
    return shared if len(shared) >= 2 else set()


def asks_statement(frame: QuestionFrame) -> bool:
    """Does the question ask what someone said ("what did X say", "what did X tell reporters")?"""
    return frame.kind == "say" or (frame.kind == "what" and bool(set(tokens(frame.text)) & SPEECH_VERBS))


def single_report(es: EvidenceSet, selected: Sequence[Evidence], groups: CopyGroups | None) -> str | None:
    """The reason to say ``uncertain`` when the lead claim rests on one report while other
    independent reports on the story were read and none gives it (module docstring)."""
    if not selected or es.focus.asks_for_source:  # "which outlet reported it": the report is the answer
        return None
    groups = groups or CopyGroups()
    own = lead_texts(selected[0], groups)
    story = story_texts(es, groups, selected[0])
    if asks_statement(es.focus):  # what someone said: the statement, wherever the answer quotes it
        own |= statement_texts(selected, es.items, groups) & (story | own)
    if len(own) >= 2:
        return None
    others = story - own
    if not others:
        return None
    n = len(others)
    return f"{ALONE}: {n} other report{'s' if n != 1 else ''} on the story do{'es' if n == 1 else ''} not"


def shown_alone(es: EvidenceSet, selected: Sequence[Evidence], n: int, groups: CopyGroups | None) -> str | None:
    """:func:`single_report` for the sentence the answer shows first, ``selected[n]``: the status
    rule judges ``selected[0]``, but the writer may lead with another selected sentence, and the
    reader takes the status to be about the sentence they read first.  That sentence's second
    reports are looked for as the lead's are (:func:`~briefbot.truth.status.second_report.corroborate`,
    which cites them with it), then the one-report test is asked of it."""
    if not 0 <= n < len(selected):
        return None
    shown = [selected[n], *selected[:n], *selected[n + 1:]]
    corroborate(shown, es.reports or es.canvass, es.focus, es.story)
    return single_report(es, shown, groups)


def others_in(reason: str) -> int | None:
    """How many other reports a :func:`single_report` reason counts; None for any other reason."""
    if not reason.startswith(ALONE):
        return None
    tail = reason[len(ALONE):].lstrip(": ").split(" ", 1)[0]
    return int(tail) if tail.isdigit() else None
