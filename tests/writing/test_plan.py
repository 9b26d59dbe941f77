"""The writer's plan from the assessment (writing/plan.py).  Invented sentences; the assessments are
built by hand (the truth layer's decisions are tested in tests/truth/)."""

from __future__ import annotations

from itertools import count

from briefbot.language.question import analyse_question
from briefbot.truth.evidence import Evidence
from briefbot.truth.status.model import Assessment
from briefbot.writing.plan import pinned_lead, status_rests_on_lead
from briefbot.writing.writer import lead_item

_N = count(1)


def ev(text: str, article: str | None = None) -> Evidence:
    return Evidence(article or f"a{next(_N)}", "c", "title", "Outlet", None, None, text, 0, len(text))


LEAD = ev("The Tarnwick harbour levy was signed by Mayor Ilsa Brandt after a long night of talks on Tuesday.")
OTHER = ev("Brandt signed it.")


def test_the_lead_the_one_report_rule_counted_must_lead() -> None:
    a = Assessment("uncertain", [LEAD, OTHER], 0.5, ["only one report says it: 3 other reports on the story do not"])
    assert status_rests_on_lead(a) and pinned_lead(a) == frozenset({0})
    # for a when-question the writer's own order puts a dated sentence first: the rule counted the other
    when = analyse_question("when did the council sign the harbour levy?")
    counted = ev("The council signed the harbour levy after a long night of talks, officials said.")
    dated = ev("The levy was signed on March 3.")
    b = Assessment("uncertain", [counted, dated], 0.5, ["only one report says it: 2 other reports on the story do not"])
    assert lead_item(b.selected, b.status, when) == 1
    assert lead_item(b.selected, b.status, when, pinned=pinned_lead(b)) == 0


def test_a_lead_another_report_confirms_leads_a_green_answer() -> None:
    lead = ev(LEAD.text)
    lead.duplicates.append(ev("Mayor Ilsa Brandt signed the harbour levy on Tuesday."))
    a = Assessment("answered", [lead, OTHER], 0.8)
    assert status_rests_on_lead(a) and pinned_lead(a) == frozenset({0})


def test_otherwise_the_writer_keeps_its_own_order() -> None:
    assert not status_rests_on_lead(Assessment("answered", [LEAD, OTHER], 0.8))  # no second report joined
    copy = ev(LEAD.text)
    copy.duplicates.append(ev(LEAD.text, article=copy.article_id))  # the same article again is no report
    assert not status_rests_on_lead(Assessment("answered", [copy, OTHER], 0.8))
    assert not status_rests_on_lead(Assessment("uncertain", [LEAD, OTHER], 0.5, ["the sources hedge"]))
    assert pinned_lead(Assessment("uncertain", [], 0.0, ["only one report says it: 2 other reports"])) == frozenset()
