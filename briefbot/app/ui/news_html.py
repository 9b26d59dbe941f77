"""What's new on the page: a story card's "new since" block, a brief's "new since" section,
the since note and the feed poll report (everything from articles escaped).

Each new fact ends in a marker link to its exact quote (the page's ``a.bb-cite`` links,
:func:`briefbot.app.ui.html.linked_markers`), so it is one click from its source like
every other claim on the page.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from briefbot import _offline  # noqa: F401
from briefbot.app.ui.html import esc, linked_markers
from briefbot.app.ui.plain import plain

NEWS_CSS = """
.bb-new { border-left:3px solid #15803d; padding:4px 0 4px 10px; margin:6px 0; }
.bb-new-head { font-weight:600; color:#15803d; font-size:0.92em; }
.bb-new ul { margin:4px 0 0 0; padding-left:18px; }
.bb-new li { margin:2px 0; }
.bb-quiet { color:var(--body-text-color-subdued); font-size:0.88em; }
#since-note { font-size:0.92em; }
#since-note .bb-error, #poll-report .bb-error { color:#b91c1c; }
#poll-report ul { margin:4px 0; padding-left:18px; }
@media (max-width: 600px) {
  .bb-feeds table, .bb-feeds tr, .bb-feeds td { display:block; width:auto; }
  .bb-feeds tr.bb-feeds-head { display:none; }
  .bb-feeds tr { border:1px solid var(--border-color-primary); border-radius:6px; margin:0 0 8px 0; padding:4px 8px; }
  .bb-feeds td { border:none; padding:1px 0; overflow-wrap:anywhere; }
  .bb-feeds td:empty { display:none; }
  .bb-feeds td::before { content:attr(data-label) ": "; color:var(--body-text-color-subdued); }
}
"""
"""Styles of the blocks below (added to the page's CSS by :func:`briefbot.app.server.create_app`)."""


def day_words(day: str | None) -> str:
    """``"2025-10-22"`` -> "22 October 2025" (anything else as given)."""
    try:
        d = date.fromisoformat(str(day))
    except (TypeError, ValueError):
        return str(day or "")
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _fact_line(fact: Any, n: int) -> str:
    cite = SimpleNamespace(id=n, start=fact.start, end=fact.end, article_id=fact.article_id, source=fact.source,
                           published=fact.published, quote=fact.text)
    also = f" (also {esc(', '.join(fact.also_in))})" if fact.also_in else ""
    return f"<li>{linked_markers(esc(fact.text) + f' [{n}]', [cite])}{also}</li>"


def since_words(since: str, last_visit: str | None = None) -> str:
    """"since 21 October 2025", or "since your last visit" when that is what the reader chose."""
    return "since your last visit" if last_visit else f"since {day_words(since)}"


def story_news_html(news: Any, last_visit: str | None = None) -> str:
    """The "new since" block of one story card: its new articles and new facts."""
    since = since_words(news.since, last_visit)
    if not news.has_news:
        return f'<div class="bb-quiet">Nothing new {esc(since)}.</div>'
    k = len(news.new_articles)
    out = [f'<div class="bb-new" data-new-articles="{k}"><div class="bb-new-head">'
           f"{k} new article{'s' if k != 1 else ''} {esc(since)}</div><ul>"]
    out += [f'<li class="bb-new-article">{esc(a.title)} <span class="bb-meta">({esc(a.source)}, '
            f"{esc(day_words(a.published))})</span></li>" for a in news.new_articles]
    out.append("</ul>")
    if news.new_facts:
        out.append('<div class="bb-new-head">New facts</div><ul class="bb-new-facts">')
        out += [_fact_line(f, i) for i, f in enumerate(news.new_facts, start=1)]
        out.append("</ul>")
    return "".join(out) + "</div>"


def since_note_html(since: str | None, last_visit: str | None = None, problem: str | None = None) -> str:
    """What the story list is showing: everything, or what is new since a day (or the last visit)."""
    if problem:
        return f'<div class="bb-error" role="alert">{esc(problem)}</div>'
    if not since:
        return ""
    if last_visit:
        return (f"<div>Showing what is new since your last visit on {esc(day_words(last_visit))} "
                "(articles published that day or later).</div>")
    return f"<div>Showing what is new after {esc(day_words(since))}.</div>"


def brief_news_html(summary: Any) -> str:
    """A brief's "new since" section: its new points and the open questions since answered."""
    if getattr(summary, "since", None) is None:
        return ""
    since = day_words(summary.since)
    out = [f'<section class="bb-new" id="brief-new"><div class="bb-new-head">New since {esc(since)}</div>']
    if summary.new_points:
        out.append("<ul>")
        out += [f"<li>{linked_markers(esc(p.text) + ''.join(f' [{c}]' for c in p.citations), summary.citations)}"
                "</li>" for p in summary.new_points]
        out.append("</ul>")
    else:
        out.append(f'<div class="bb-quiet">No fact in these articles was first reported after {esc(since)}.</div>')
    if summary.answered_open_questions:
        out.append('<div class="bb-new-head">Open questions since answered</div><ul>')
        for q in summary.answered_open_questions:
            asked = linked_markers(esc(q.question) + f" [{q.question_citation}]", summary.citations)
            answer = linked_markers(esc(q.answer) + f" [{q.answer_citation}]", summary.citations)
            out.append(f"<li>{esc(q.asked_by)} asked: {asked}<br>{esc(q.answered_by)}: {answer}</li>")
        out.append("</ul>")
    return "".join(out) + "</section>"


def poll_report_html(round_: Any) -> str:
    """What "Poll now" did, one line per feed, in plain words."""
    lines = round_.message().splitlines()
    klass = ' class="bb-error"' if round_.busy else ""
    return f'<div{klass} data-added="{int(round_.added)}"><ul>' + "".join(
        f"<li>{esc(plain(line))}</li>" for line in lines) + "</ul></div>"
