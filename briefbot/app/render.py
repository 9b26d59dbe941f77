"""Human-readable renderings of answers and summaries (terminal)."""

from __future__ import annotations

import textwrap

from briefbot.schema import Answer, Citation, Disagreement, Story, Summary, Timeline, sources_of

BADGES = {
    "answered": "ANSWERED",
    "uncertain": "UNCERTAIN",
    "insufficient_evidence": "INSUFFICIENT EVIDENCE",
}


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=96, initial_indent=indent, subsequent_indent=indent)


def render_citations(citations: list[Citation]) -> list[str]:
    lines = []
    for c in citations:
        meta = ", ".join(x for x in (c.source, c.published) if x)
        flag = "" if c.supported else " (unsupported)"
        also = f" (same text also in: {', '.join(c.also_in)})" if c.also_in else ""
        lines.append(f"[{c.id}] {c.title} — {meta}{flag}{also}")
        lines.append(_wrap(f"“{c.quote}”", "    "))
        if c.url:
            lines.append(f"    {c.url}")
    return lines


def open_label(status: str) -> str:
    """What an answer's ``uncertainty`` is called for a reader: for an abstention it tells what was
    searched, for an answer what the sources leave open."""
    return "What I looked for" if status == "insufficient_evidence" else "What the sources leave open"


def render_answer_terminal(answer: Answer) -> str:
    """Status badge, the summary line of an uncertain answer, the answer, what is unknown, then
    the numbered sources."""
    lines = [f"[{BADGES[answer.status]}]  confidence {answer.confidence:.2f}  ({answer.backend})", ""]
    if answer.summary:
        lines.append(_wrap(answer.summary))
    lines.append(_wrap(answer.answer))
    if answer.uncertainty:
        lines += ["", _wrap(f"{open_label(answer.status)}: {answer.uncertainty}")]
    for note in answer.notes:
        lines.append(_wrap(f"note: {note}"))
    if answer.citations:
        lines += ["", "Sources:"] + render_citations(answer.citations)
    return "\n".join(lines)


def _marks(ids: list[int]) -> str:
    return "".join(f"[{i}]" for i in ids)


def _story_lines(story: Story, disagreements: list[Disagreement]) -> list[str]:
    """Bottom line, what happened, why, who says what (disagreements once), what next, questions."""
    lines = [_wrap(" ".join(f"{i.text} {_marks(i.citations)}" for i in story.bottom_line))]
    if story.what_happened:
        lines += ["", "What happened:"]
        for i in story.what_happened:
            when = f"{i.date} (reported)" if i.date_precision == "reported" else i.date
            lines.append(_wrap(f"- {when + ': ' if when else ''}{i.text} {_marks(i.citations)}"))
    if story.why:
        lines += ["", "Why:"] + [_wrap(f"- {i.text} {_marks(i.citations)}") for i in story.why]
    if story.who_says_what or disagreements:
        lines += ["", "Who says what:"]
        for v in story.who_says_what:  # each speaker once, with their claims in their own words
            lines.append(_wrap(f"- {v.who}: " + "; ".join(f"{i.text} {_marks(i.citations)}" for i in v.says)))
        for d in disagreements:
            sides = " vs. ".join(f"{side.outlet}: “{side.text}”" + (f" [{side.citation}]" if side.citation else "")
                                 for side in d.sides)
            lines.append(_wrap(f"- Sources disagree ({d.kind}): {sides}"))
    if story.what_next:
        lines += ["", "What comes next (expected):"]
        lines += [_wrap(f"- {i.date + ': ' if i.date else ''}{i.text} {_marks(i.citations)}") for i in story.what_next]
    if story.questions:
        lines += ["", "Open questions:"]
        lines += [_wrap(f"- {q.question} (raised by {', '.join(q.raised_by)}) {_marks(q.citations)}")
                  for q in story.questions]
    return lines


def render_summary_terminal(summary: Summary) -> str:
    lines = [f"[{BADGES[summary.status]}]  {summary.topic}  ({summary.backend})", ""]
    if summary.story is not None:
        lines += _story_lines(summary.story, summary.disagreements)
    else:
        for point in summary.points:
            lines.append(_wrap(f"- {point.text} {_marks(point.citations)}"))
        if summary.open_questions:
            lines += ["", "Open questions:"] + [_wrap(f"- {q}") for q in summary.open_questions]
        for d in summary.disagreements:
            sides = "; ".join(f"{side.outlet}: “{side.text}”" + (f" [{side.citation}]" if side.citation else "")
                              for side in d.sides)
            lines += ["", _wrap(f"Sources disagree ({d.kind}): {sides}")]
    if summary.since is not None:
        lines += ["", f"New since {summary.since}:"]
        lines += [_wrap(f"- {p.text} " + "".join(f"[{i}]" for i in p.citations)) for p in summary.new_points] or [
            "- nothing new"]
        if summary.answered_open_questions:
            lines += ["", "Open questions since answered:"]
            for q in summary.answered_open_questions:
                lines.append(_wrap(f"- {q.asked_by}: “{q.question}” [{q.question_citation}] -> {q.answered_by}: "
                                   f"“{q.answer}” [{q.answer_citation}]"))
    if summary.timeline is not None and summary.timeline.events and summary.story is None:
        lines += ["", "Timeline:"] + [_wrap(f"- {e.date} {e.text} {_marks([c.id for c in e.citations])}")
                                      for e in summary.timeline.events]
    if summary.citations:
        lines += ["", "Sources:"] + render_sources(summary.citations)
    return "\n".join(lines)


def render_sources(citations: list[Citation]) -> list[str]:
    """A brief's source list, each article once ("[3][5][9] Steppe Wire · title · date"), then
    each of its citations' quotes under it, so every marker still finds its exact quote."""
    by_id = {c.id: c for c in citations}
    lines = []
    for a in sources_of(citations):
        meta = " · ".join(x for x in (a.source, a.title or a.article_id, a.published) if x)
        also = f" (same text also in: {', '.join(a.also_in)})" if a.also_in else ""
        lines.append(f"{_marks(a.citations)} {meta}{also}")
        for i in a.citations:
            flag = "" if by_id[i].supported else " (unsupported)"
            lines.append(_wrap(f"[{i}] “{by_id[i].quote}”{flag}", "    "))
        if a.url:
            lines.append(f"    {a.url}")
    return lines


def render_timeline_terminal(timeline: Timeline) -> str:
    """One line per event: date (precision), text, outlets; other dates shown beside it."""
    lines = [f"Timeline: {timeline.topic}", ""]
    if not timeline.events:
        lines.append("No dated events found in the relevant articles.")
    for e in timeline.events:
        exact = "" if e.date_precision == "day" else f" ({e.date_precision})"
        other = f"  [other sources date it {', '.join(e.other_dates)}]" if e.other_dates else ""
        marks = "".join(f"[{c.id}]" for c in e.citations)
        lines.append(_wrap(f"{e.date}{exact}  {e.text} {marks} — {', '.join(e.outlets)}{other}"))
    cites = {c.id: c for e in timeline.events for c in e.citations}
    if cites:
        lines += ["", "Sources:"] + render_citations([cites[i] for i in sorted(cites)])
    return "\n".join(lines)
