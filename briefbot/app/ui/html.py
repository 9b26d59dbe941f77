"""HTML for the page: every value from an article is escaped here before it reaches the browser.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from briefbot import _offline  # noqa: F401
from briefbot.app.render import open_label
from briefbot.app.ui.plain import plain
from briefbot.app.ui.style import BADGE_LABELS
from briefbot.sources.durations import ago_words, interval_words, wait_words
from briefbot.writing.markers import replace_markers

UPLOAD_SUFFIXES: tuple[str, ...] = (".md", ".txt", ".html", ".json", ".jsonl", ".xml", ".rss", ".atom")


def esc(value: Any) -> str:
    """HTML-escape anything (quotes too) for safe interpolation into markup."""
    return html.escape("" if value is None else str(value), quote=True)


def esc_text(value: Any) -> str:
    """HTML-escape text content (``<``, ``>``, ``&``; quotes stay readable)."""
    return html.escape("" if value is None else str(value), quote=False)


_MARKDOWN_INERT = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
    "!": "&#33;", "(": "&#40;", ")": "&#41;", ":": "&#58;", "@": "&#64;",
    "*": "&#42;", "_": "&#95;", "`": "&#96;", "~": "&#126;", "#": "&#35;", "|": "&#124;",
    "\\": "&#92;", "$": "&#36;",
})


def chat_text(value: Any) -> str:
    """Text for a chat message, shown exactly as written and never as live Markdown.

    The Chatbot renders Markdown, so article text such as ``![x](https://host/beacon.png)``
    or a bare ``www.`` address would become a remote image or a link.  Characters that
    start Markdown syntax become character references (the browser shows them
    unchanged); ``[n]`` citation markers stay as written.
    """
    text = ("" if value is None else str(value)).translate(_MARKDOWN_INERT)
    return text.replace("www.", "www&#46;").replace("WWW.", "WWW&#46;")


# ---------------------------------------------------------------------- rendering
def badge_html(status: str, note: str | None = None) -> str:
    label = BADGE_LABELS.get(status, status.replace("_", " ").title())
    out = (
        f'<div class="bb-status" data-status="{esc(status)}">'
        f'<span class="bb-badge bb-{esc(status)}">{esc(label)}</span>'
    )
    if note:
        out += f'<span class="bb-note">{esc(plain(note))}</span>'
    return out + "</div>"


def answer_message(answer: Any) -> str:
    """The assistant chat message for a final answer: badge, the summary line of an uncertain
    answer, text with clickable [n], what is open."""
    summary = getattr(answer, "summary", None)
    lead = f"{linked_markers(chat_text(summary), answer.citations)}\n\n" if summary else ""
    parts = [
        f'<span class="bb-badge bb-{esc(answer.status)}">{esc(BADGE_LABELS.get(answer.status, answer.status))}'
        f"</span> {lead}{linked_markers(chat_text(answer.answer), answer.citations)}"
    ]
    if answer.uncertainty:
        parts.append(f"<em>{open_label(answer.status)}:</em> {chat_text(plain(answer.uncertainty))}")
    for note in getattr(answer, "notes", []) or []:
        parts.append(f"<small>Note: {chat_text(plain(note))}</small>")
    return "\n\n".join(parts)


def inert_attr(value: Any) -> str:
    """Text for an attribute inside a chat message: escaped for HTML and inert for Markdown."""
    return chat_text(value).replace('"', "&quot;").replace("'", "&#39;").replace("[", "&#91;").replace("]", "&#93;")




def linked_markers(escaped: str, citations: list[Any]) -> str:
    """``[n]`` markers in already escaped text as links that carry their own citation.

    Hovering or focusing a marker shows its outlet, date and quote (``data-preview``, drawn
    by the page's CSS as a small popover, so it also appears from the keyboard);
    screen readers hear "Source n: outlet, date" (``aria-label``).

    The link (``#bbcite/n/start/end/article``) is self-contained, so a marker of any
    earlier turn still opens its quote: the page's click handler (:data:`CITE_LINK_JS`)
    hands the link to :func:`citation_from_link`.  Only markers of real citations become
    links, and the only markup added is this fixed anchor (numbers and a URL-quoted id).
    """
    by_id = {int(c.id): c for c in citations}

    def link(n: int) -> str | None:
        c = by_id.get(n)
        if c is None:
            return None
        href = f"#bbcite/{int(c.id)}/{int(c.start)}/{int(c.end)}/{quote(str(c.article_id), safe='')}"
        where = ", ".join(str(x) for x in (getattr(c, "source", ""), getattr(c, "published", "")) if x)
        said = getattr(c, "quote", "")
        preview = f"{where}: “{said}”" if said else where
        return (f'<a href="{esc(href)}" class="bb-cite" data-preview="{inert_attr(preview)}" '
                f'aria-label="Source {int(c.id)}: {inert_attr(where)}">[{int(c.id)}]</a>')

    return replace_markers(escaped, link)


def citation_from_link(link: str | None) -> dict[str, Any] | None:
    """The citation a marker link names (None if the link is malformed)."""
    parts = (link or "").lstrip("#").split("/")
    if len(parts) != 5 or parts[0] != "bbcite" or not all(p.isdigit() for p in parts[1:4]):
        return None
    return {"id": int(parts[1]), "start": int(parts[2]), "end": int(parts[3]), "article_id": unquote(parts[4])}


def citation_label(c: dict[str, Any]) -> str:
    meta = ", ".join(x for x in (c.get("source"), c.get("published")) if x)
    flag = "" if c.get("supported", True) else " (unsupported)"
    return f"[{c['id']}] {c.get('title') or c.get('article_id')} — {meta}{flag}"


def _safe_url(url: str | None) -> str | None:
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def source_panel_html(article: Any, citation: dict[str, Any] | None = None) -> str:
    """The article (escaped) with the cited quote wrapped in ``<mark id="cite-hl">``."""
    if article is None:
        if citation:
            return (
                f'<div class="bb-error">Article {esc(citation.get("article_id"))} is no longer in the index.</div>'
                f'<div class="bb-cite-label">Quoted: “{esc(citation.get("quote"))}”</div>'
            )
        return '<div class="bb-error">That article is no longer in the index.</div>'
    text: str = article.text or ""
    meta = " · ".join(esc(x) for x in (article.source, article.published, article.author) if x)
    out = [f'<div class="bb-source bb-scroll" data-article-id="{esc(article.id)}">']
    out.append(f'<h3 class="bb-title">{esc(article.title)}</h3>')
    if meta:
        out.append(f'<div class="bb-meta">{meta}</div>')
    url = _safe_url(article.url)
    if url:
        out.append(
            f'<div class="bb-meta"><a href="{esc(url)}" target="_blank" rel="noopener noreferrer nofollow">'
            f"{esc(url)}</a></div>"
        )
    elif article.url:
        out.append(f'<div class="bb-meta">{esc(article.url)}</div>')
    start = end = -1
    if citation is not None:
        start, end = int(citation.get("start", -1)), int(citation.get("end", -1))
        if not (0 <= start < end <= len(text)):
            start = end = -1
        out.append(
            f'<div class="bb-cite-label">Source [{esc(citation.get("id"))}]: the quoted sentence is highlighted '
            f'below.</div>'
            if start >= 0
            else f'<div class="bb-cite-label bb-error">Source [{esc(citation.get("id"))}]: '
            f"this article has changed since the answer, so its quote cannot be highlighted.</div>"
        )
    if start >= 0:
        body = (
            esc(text[:start])
            + f'<mark id="cite-hl" class="bb-hl">{esc(text[start:end])}</mark>'
            + esc(text[end:])
        )
    else:
        body = esc(text)
    out.append(f'<div class="bb-article">{body}</div></div>')
    return "".join(out)


def feeds_html(feeds: list[Any], now: datetime | None = None) -> str:
    """The followed feeds with their last poll, times in words (escaped)."""
    if not feeds:
        return ('<div class="bb-feeds"><em>No followed feeds yet.</em> Add a news feed address below to '
                "have its new articles added while the server runs.</div>")
    cells = ("feed", "polled", "last fetch", "result", "new", "next fetch", "problem")
    rows = "".join(
        "<tr>" + "".join(f'<td data-label="{label}">{value}</td>' for label, value in zip(cells, (
            esc(f.url), esc(interval_words(f.every_s)), esc(ago_words(f.last_fetch, now)),
            esc(feed_status_words(f.last_status)), str(int(f.new_entries)), esc(wait_words(f.next_fetch, now)),
            esc(plain(f.error or ""))), strict=True)) + "</tr>"
        for f in feeds
    )
    head = "".join(f"<th>{label}</th>" for label in cells)
    return f'<div class="bb-feeds"><table><tr class="bb-feeds-head">{head}</tr>{rows}</table></div>'


def feed_status_words(status: str | None) -> str:
    """A poll's result for a reader: "read", "unchanged", "not fetched yet" or "failed (code)"."""
    if not status:
        return "not fetched yet"
    if status == "304":
        return "unchanged"
    if status.isdigit() and status.startswith("2"):
        return "read"
    return f"failed ({status.replace('_', ' ')})"


def human_interval(seconds: float) -> str:
    """``900`` -> "every 15 minutes", ``3600`` -> "every hour" (:func:`briefbot.sources.durations.interval_words`)."""
    return interval_words(seconds)


def upload_status_html(files: list[tuple[str, str | None]]) -> str:
    """One line per uploaded file: received (it is being added), or the problem that skips it."""
    if not files:
        return ""
    items = "".join(
        f'<li data-file="{esc(name)}" data-ready="{"false" if problem else "true"}">{esc(name)}: '
        f"{esc(problem) if problem else 'received'}</li>"
        for name, problem in files
    )
    return f'<div class="bb-upload" data-files="{len(files)}"><ul>{items}</ul></div>'


def _articles(n: int) -> str:
    return f"{n} article" if n == 1 else f"{n} articles"


def ingest_summary(report: Any, failed: int = 0) -> str:
    """What an ingest did, in a reader's words: "Added 3 articles; 1 was already in the collection."."""
    parts: list[str] = []
    if report is not None:
        if report.added:
            parts.append(f"Added {_articles(report.added)}")
        if report.updated:
            parts.append(f"updated {_articles(report.updated)} that had changed")
        if report.unchanged:
            parts.append(f"{report.unchanged} {'was' if report.unchanged == 1 else 'were'} already in the collection")
        if report.removed:
            parts.append(f"removed {_articles(report.removed)} whose source is gone")
    if failed:
        parts.append(f"{failed} could not be added")
    if not parts:
        return "Nothing was added."
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def ingest_report_html(report: Any, rejected: list[tuple[str, str]], stats: dict[str, Any]) -> str:
    """The plain-words result line, then one row per input that could not be added (escaped)."""
    failures = list(rejected)
    if report is not None:
        failures += [(_short_source(f.source), f.error) for f in report.failed]
    out = [f'<div class="bb-report" role="status"><p><b>{esc(ingest_summary(report, len(failures)))}</b> '
           f"The collection now holds {_articles(int(stats.get('articles', 0)))}.</p>"]
    if failures:
        out.append("<table><tr><th>input</th><th>problem</th></tr>")
        for source, error in failures:
            out.append(f"<tr><td>{esc(source)}</td><td>{esc(plain(error))}</td></tr>")
        out.append("</table>")
    return "".join(out) + "</div>"


def stats_html(stats: dict[str, Any]) -> str:
    sources = ", ".join(f"{esc(k)} ({int(v)})" for k, v in stats.get("sources", {}).items())
    return (
        f'<div class="bb-stats"><b>{int(stats.get("articles", 0))}</b> articles, '
        f'<b>{int(stats.get("chunks", 0))}</b> chunks. {("Outlets: " + sources) if sources else ""}</div>'
    )


def _short_source(source: str) -> str:
    if source.startswith(("http://", "https://")):
        return source
    return Path(source).name or source


# ---------------------------------------------------------------------- the app
ChatOut = tuple[Any, ...]
"""One update of the chat outputs: question box, Chatbot, shown, memory, status, citations, cites."""

