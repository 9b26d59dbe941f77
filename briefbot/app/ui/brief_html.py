"""A summary or brief as HTML: cited points, open questions, disagreements, the timeline.

Split from :mod:`briefbot.app.ui.html` (the page's shared escaping and marker links) because
briefs are the biggest rendering; everything from articles is escaped here too.
"""

from __future__ import annotations

from typing import Any

from briefbot import _offline  # noqa: F401
from briefbot.app.ui.html import badge_html, esc, linked_markers
from briefbot.schema import sources_of


def summary_html(summary: Any) -> str:
    """A summary/brief: badge, cited points, open questions, sources (all escaped)."""
    out = [f'<div class="bb-summary">{badge_html(summary.status)}']
    out.append(f"<h3>{esc(summary.topic)}</h3>")
    disagreements = getattr(summary, "disagreements", None) or []
    sides = {" ".join(side.text.split()): [] for d in disagreements for side in d.sides}
    story = story_html(getattr(summary, "story", None), summary.citations, sides)
    if story:
        out.append(story)
    elif summary.points:
        out.append("<ul>")
        for p in summary.points:
            marks = linked_markers("".join(f"[{int(i)}]" for i in p.citations), summary.citations)
            out.append(f"<li>{esc(p.text)} {marks}</li>")
        out.append("</ul>")
    elif summary.text:
        out.append(f"<p>{esc(summary.text)}</p>")
    if summary.open_questions and not story:
        out.append("<p><em>Open questions:</em></p><ul>")
        out += [f"<li>{esc(q)}</li>" for q in summary.open_questions]
        out.append("</ul>")
    out.append(disagreements_html(disagreements, summary.citations, sides))
    timeline = getattr(summary, "timeline", None)
    if timeline is not None:  # with a story, its events are told above: the list folds away
        out.append(timeline_html(timeline, folded=bool(story)))
    out.append(sources_html(summary.citations))
    return "".join(out) + "</div>"


def sources_html(citations: list[Any]) -> str:
    """The source list, one line per article: its citation markers (each a link to its own
    quote, shown on hover or focus), outlet, title and date — "[3][5][9] Steppe Wire · title · 2025-10-22"."""
    if not citations:
        return ""
    out = ['<p><em>Sources:</em></p><ul class="bb-sources">']
    for a in sources_of(citations):
        marks = linked_markers("".join(f"[{int(i)}]" for i in a.citations), citations)
        meta = " · ".join(esc(x) for x in (a.source, a.title or a.article_id, a.published) if x)
        also = f" <small>(same text also in: {esc(', '.join(a.also_in))})</small>" if a.also_in else ""
        out.append(f'<li data-article-id="{esc(a.article_id)}">{marks} {meta}{also}</li>')
    return "".join(out) + "</ul>"


STORY_SECTIONS = (("bottom_line", "Bottom line"), ("what_happened", "What happened"), ("why", "Why"),
                  ("what_next", "What comes next"))
"""A story brief's item sections in reading order (who says what and questions follow)."""


def _item_html(item: Any, citations: list[Any], credit: bool = False) -> str:
    """One section line; ``credit``: an explanation the sentence does not attribute in its own
    words names the outlets that give it ("— per Courier"), so no reason reads as settled fact."""
    marks = linked_markers("".join(f"[{int(i)}]" for i in getattr(item, "citations", []) or []), citations)
    day = getattr(item, "date", None)
    when = f"<b>{esc(day)}</b> " if day else ""
    outlets = getattr(item, "outlets", None) or []
    per = f" <small>— per {esc(', '.join(outlets))}</small>" if credit and outlets and not item.attribution else ""
    return f"<li>{when}{esc(item.text)}{per} {marks}</li>"


def story_html(story: Any, citations: list[Any], sides: dict[str, list[int]] | None = None) -> str:
    """A brief told as a story (bottom line, what happened, why, who says what, what next,
    questions), every marker a link; empty when the brief has no story sections.

    ``sides`` maps the text of each disagreement side to a list: a section item saying the same
    sentence is not listed (the disagreement quotes it, with its outlet), its markers are added
    to that list for the disagreement to show."""
    if story is None:
        return ""
    sides = {} if sides is None else sides

    def shown(items: list[Any]) -> list[Any]:
        kept = []
        for i in items:
            if i.text in sides:
                sides[i.text].extend(int(n) for n in i.citations)
            else:
                kept.append(i)
        return kept

    out: list[str] = []
    bottom = getattr(story, "bottom_line", None) or []
    if bottom:
        out.append('<section class="bb-section" data-section="bottom_line"><h4>Bottom line</h4><ul>'
                   + "".join(_item_html(i, citations) for i in bottom) + "</ul></section>")
    for key, heading in STORY_SECTIONS[1:3]:
        items = shown(getattr(story, key, None) or [])
        if items:
            out.append(f'<section class="bb-section" data-section="{key}"><h4>{heading}</h4><ul>'
                       + "".join(_item_html(i, citations, key == "why") for i in items) + "</ul></section>")
    views = getattr(story, "who_says_what", None) or []
    if views:
        out.append('<section class="bb-section" data-section="who_says_what"><h4>Who says what</h4><ul>')
        for v in views:  # each speaker once, with their claims in their own words (a clause of the quote)
            said = "; ".join(f"{esc(i.text)} " + linked_markers("".join(f"[{int(n)}]" for n in i.citations), citations)
                             for i in v.says)
            out.append(f"<li><b>{esc(v.who)}</b>: {said}</li>")
        out.append("</ul></section>")
    for key, heading in STORY_SECTIONS[3:]:
        items = shown(getattr(story, key, None) or [])
        if items:
            out.append(f'<section class="bb-section" data-section="{key}"><h4>{heading}</h4><ul>'
                       + "".join(_item_html(i, citations) for i in items) + "</ul></section>")
    questions = getattr(story, "questions", None) or []
    if questions:
        out.append('<section class="bb-section" data-section="questions"><h4>Open questions</h4><ul>')
        for q in questions:
            marks = linked_markers("".join(f"[{int(i)}]" for i in q.citations), citations)
            who = f" <small>(raised by {esc(', '.join(q.raised_by))})</small>" if q.raised_by else ""
            out.append(f"<li>{esc(q.question)}{who} {marks}</li>")
        out.append("</ul></section>")
    return "".join(out)


def disagreements_html(disagreements: list[Any], citations: list[Any] | None = None,
                       more: dict[str, list[int]] | None = None) -> str:
    """Each disagreement with both quotes, their outlets and clickable citation numbers (escaped);
    ``more`` adds, per side text, the markers of a story item that said the same sentence."""
    if not disagreements:
        return ""
    more = more or {}

    def marks(side: Any) -> str:
        ids = ([int(side.citation)] if side.citation else []) + more.get(" ".join(side.text.split()), [])
        ids = list(dict.fromkeys(ids))
        return " " + linked_markers("".join(f"[{n}]" for n in ids), citations or []) if ids else ""

    out = ['<div class="bb-disagreements"><p><em>Sources disagree:</em></p><ul>']
    for d in disagreements:
        sides = " vs. ".join(f'{esc(side.outlet)}: “{esc(side.text)}”{marks(side)}' for side in d.sides)
        out.append(f'<li data-kind="{esc(d.kind)}"><b>{esc(d.kind)}</b>: {sides}</li>')
    return "".join(out) + "</ul></div>"


def timeline_html(timeline: Any, folded: bool = False) -> str:
    """The dated events as an ordered list, after a chart of events per day that names each
    day's main event (its first-listed one), so the chart says what happened, not only how much.
    A forecast is marked "expected" in both.  ``folded``: the list sits in a closed
    ``<details>`` (a brief's story already tells its events)."""
    if not timeline.events:
        return '<div class="bb-timeline"><p><em>Timeline:</em> no dated events found.</p></div>'
    per_day = timeline.per_day()
    top = max(per_day.values())
    main = {}
    for e in timeline.events:
        main.setdefault(e.date, ("expected: " if getattr(e, "expected", False) else "") + e.text)
    bars = "".join(
        f'<div class="bb-day" style="display:flex;gap:6px;align-items:center">'
        f'<span style="min-width:6.5em;font-size:0.8em">{esc(day)}</span>'
        f'<span aria-hidden="true" style="display:inline-block;flex:none;height:0.8em;width:{int(60 * n / top)}px;'
        f'background:#4a78c2"></span>'
        f'<span style="font-size:0.8em">{n} event{"s" if n != 1 else ""}: {esc(_clip(main.get(day, "")))}</span></div>'
        for day, n in sorted(per_day.items())
    )
    items = []
    for e in timeline.events:
        exact = "" if e.date_precision == "day" else f" ({esc(e.date_precision)})"
        if getattr(e, "expected", False):
            exact += " <em>expected</em>"
        other = f" <small>other sources date it {esc(', '.join(e.other_dates))}</small>" if e.other_dates else ""
        quotes = "".join(f'<li><small>{esc(c.source)}: “{esc(c.quote)}” {linked_markers(f"[{int(c.id)}]", [c])}'
                         "</small></li>" for c in e.citations)
        items.append(f'<li data-date="{esc(e.date)}"><b>{esc(e.date)}</b>{exact} {esc(e.text)} '
                     f'— {esc(", ".join(e.outlets))}{other}<ul>{quotes}</ul></li>')
    listing = f'<ol>{"".join(items)}</ol>'
    if folded:
        listing = f"<details><summary>Every dated sentence ({len(items)})</summary>{listing}</details>"
    return (f'<div class="bb-timeline"><p><em>Timeline (by event date):</em></p>'
            f'<div class="bb-timeline-chart">{bars}</div>{listing}</div>')


def _clip(text: str, words: int = 14) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + " …"
