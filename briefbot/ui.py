"""The Gradio web UI: chat with cited, streamed answers; briefs; corpus management.

A thin layer over :class:`briefbot.service.ServedBot` (shared with the HTTP API, which
this module never imports).  :class:`BriefbotUi` is the app: its handlers are methods
(``_chat``, ``_ingest``, ...) that tests call directly without a browser, and one
method per tab lays the page out.

Safety: everything that comes from an article (title, outlet, text, quotes, URLs) is
HTML-escaped before it reaches the page, and chat text is also made inert for Markdown
(no live links or images from articles); uploads are limited by type and size and must
be files Gradio stored in its upload folder; the URL box takes http(s) URLs only.

Element ids (stable; the browser tests use them): ``chatbot``, ``question``,
``send-btn``, ``new-chat-btn``, ``answer-status``, ``citations``, ``source-panel``
(``mark#cite-hl`` inside it is the cited quote), ``filter-sources``,
``filter-date-from``, ``filter-date-to``, ``backend``, ``brief-*``,
``upload-files``, ``upload-status`` (one ``li[data-file][data-ready]`` per file the server
holds from the picker; set by the file component's change event, so it is the page's
signal that an upload has arrived and been checked), ``ingest-urls``, ``ingest-btn``, ``ingest-report``,
``corpus-stats``, ``articles-table``, ``article-select``, ``view-btn``, ``delete-btn``,
``feeds-list``, ``feed-url``, ``feed-add-btn``, ``feed-remove-btn``; the hidden ``cite-link`` box
and ``cite-link-btn`` carry a clicked ``a.bb-cite`` marker link (:data:`CITE_LINK_JS`).
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

import gradio as gr

from briefbot import _offline  # noqa: F401
from briefbot.config import ConfigError
from briefbot.intake import UPLOAD_REFUSED, is_url, uploaded_file, url_problem
from briefbot.service import ServedBot, Waiting, served

if TYPE_CHECKING:
    from briefbot.feeds import FeedStore

MB = 1024 * 1024
"""Upload limits count binary megabytes, as Gradio's ``max_file_size`` messages do."""

UPLOAD_SUFFIXES: tuple[str, ...] = (".md", ".txt", ".html", ".json", ".jsonl", ".xml", ".rss", ".atom")

BADGE_LABELS = {
    "answered": "Answered",
    "uncertain": "Uncertain",
    "insufficient_evidence": "Insufficient evidence",
    "thinking": "Working",
}

PANEL_PLACEHOLDER = (
    '<div class="bb-panel-empty">Click a citation to read it in its article, '
    "or pick an article in the Corpus tab.</div>"
)

CSS = """
.bb-badge { display:inline-block; padding:2px 10px; border-radius:999px; font-weight:600;
            font-size:0.85em; letter-spacing:0.02em; margin-right:8px; }
.bb-answered { background:#d8f5dd; color:#11612a; border:1px solid #8fd19e; }
.bb-uncertain { background:#fff1c9; color:#7a5200; border:1px solid #f0c75e; }
.bb-insufficient_evidence { background:#fde0e0; color:#8a1c1c; border:1px solid #f1a1a1; }
.bb-thinking { background:#e6ecf5; color:#2f4a6d; border:1px solid #b5c6de; }
.bb-status { padding:6px 0; }
.bb-note { color:var(--body-text-color-subdued); font-size:0.92em; }
#source-column { position:sticky; top:8px; align-self:flex-start; }
.bb-scroll { max-height:78vh; overflow-y:auto; overscroll-behavior:contain; }
#source-panel { border:1px solid var(--border-color-primary);
                border-radius:8px; padding:12px 14px; background:var(--background-fill-secondary); }
.bb-title { margin:0 0 4px 0; font-size:1.15em; }
.bb-meta { color:var(--body-text-color-subdued); font-size:0.9em; margin-bottom:6px; }
.bb-cite-label { font-size:0.85em; margin:6px 0; color:var(--body-text-color-subdued); }
.bb-article { white-space:pre-wrap; line-height:1.5; font-size:0.95em; }
.bb-article mark { background:#ffe066; color:#000; padding:1px 0; border-radius:2px; }
.bb-panel-empty { color:var(--body-text-color-subdued); font-style:italic; }
.bb-report table { border-collapse:collapse; font-size:0.9em; }
.bb-report td, .bb-report th { border:1px solid var(--border-color-primary); padding:2px 6px; text-align:left; }
.bb-error { color:#a31515; }
.bb-summary ol, .bb-summary ul { margin-top:4px; }
.bb-summary ul.bb-sources { list-style:none; padding-left:0; }
.bb-hidden { display:none !important; }
a.bb-cite { text-decoration:none; font-weight:600; }
"""

SCROLL_TO_HIGHLIGHT_JS = """
() => {
  const go = (tries) => {
    const m = document.querySelector('#source-panel #cite-hl');
    if (m) { m.scrollIntoView({block: 'nearest', inline: 'nearest'}); return; }
    if (tries > 0) setTimeout(() => go(tries - 1), 100);
  };
  setTimeout(() => go(20), 50);
}
"""


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
        out += f'<span class="bb-note">{esc(note)}</span>'
    return out + "</div>"


def answer_message(answer: Any) -> str:
    """The assistant chat message for a final answer: badge, text with clickable [n], what is open."""
    parts = [
        f'<span class="bb-badge bb-{esc(answer.status)}">{esc(BADGE_LABELS.get(answer.status, answer.status))}'
        f"</span> {linked_markers(chat_text(answer.answer), answer.citations)}"
    ]
    if answer.uncertainty:
        parts.append(f"<em>What the sources leave open:</em> {chat_text(answer.uncertainty)}")
    for note in getattr(answer, "notes", []) or []:
        parts.append(f"<small>note: {chat_text(note)}</small>")
    return "\n\n".join(parts)


_MARKER = re.compile(r"\[(\d+)\]")


def linked_markers(escaped: str, citations: list[Any]) -> str:
    """``[n]`` markers in already escaped text as links that carry their own citation.

    The link (``#bbcite/n/start/end/article``) is self-contained, so a marker of any
    earlier turn still opens its quote: the page's click handler (:data:`CITE_LINK_JS`)
    hands the link to :func:`citation_from_link`.  Only markers of real citations become
    links, and the only markup added is this fixed anchor (numbers and a URL-quoted id).
    """
    by_id = {int(c.id): c for c in citations}

    def link(m: re.Match[str]) -> str:
        c = by_id.get(int(m.group(1)))
        if c is None:
            return m.group(0)
        href = f"#bbcite/{int(c.id)}/{int(c.start)}/{int(c.end)}/{quote(str(c.article_id), safe='')}"
        return f'<a href="{esc(href)}" class="bb-cite">[{int(c.id)}]</a>'

    return _MARKER.sub(link, escaped)


def citation_from_link(link: str | None) -> dict[str, Any] | None:
    """The citation a marker link names (None if the link is malformed)."""
    parts = (link or "").lstrip("#").split("/")
    if len(parts) != 5 or parts[0] != "bbcite" or not all(p.isdigit() for p in parts[1:4]):
        return None
    return {"id": int(parts[1]), "start": int(parts[2]), "end": int(parts[3]), "article_id": unquote(parts[4])}


CITE_LINK_JS = """
() => {
  if (window.__bbCiteLinks) return;
  window.__bbCiteLinks = true;
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href^="#bbcite/"]');
    if (!a) return;
    e.preventDefault();
    e.stopPropagation();
    const box = document.querySelector('#cite-link textarea, #cite-link input');
    const btn = document.querySelector('#cite-link-btn');
    if (!box || !btn) return;
    box.value = a.getAttribute('href');
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => btn.click(), 50);
  }, true);
}
"""
"""Installs one click handler: a [n] marker link fills the hidden #cite-link box and presses #cite-link-btn."""


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
            f'<div class="bb-cite-label">Citation [{esc(citation.get("id"))}] — characters {start}–{end}</div>'
            if start >= 0
            else f'<div class="bb-cite-label bb-error">Citation [{esc(citation.get("id"))}]: '
            f"its offsets no longer match this article (it changed since the answer).</div>"
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


def summary_html(summary: Any) -> str:
    """A summary/brief: badge, cited points, open questions, sources (all escaped)."""
    out = [f'<div class="bb-summary">{badge_html(summary.status)}']
    out.append(f"<h3>{esc(summary.topic)}</h3>")
    if summary.points:
        out.append("<ul>")
        for p in summary.points:
            marks = "".join(f"[{int(i)}]" for i in p.citations)
            out.append(f"<li>{esc(p.text)} {marks}</li>")
        out.append("</ul>")
    elif summary.text:
        out.append(f"<p>{esc(summary.text)}</p>")
    if summary.open_questions:
        out.append("<p><em>Open questions:</em></p><ul>")
        out += [f"<li>{esc(q)}</li>" for q in summary.open_questions]
        out.append("</ul>")
    out.append(disagreements_html(getattr(summary, "disagreements", None) or [], summary.citations))
    timeline = getattr(summary, "timeline", None)
    if timeline is not None:
        out.append(timeline_html(timeline))
    if summary.citations:
        out.append('<p><em>Sources:</em></p><ul class="bb-sources">')
        for c in summary.citations:
            out.append(f"<li>{esc(citation_label(c.to_dict()))}</li>")
        out.append("</ul>")
    return "".join(out) + "</div>"


def disagreements_html(disagreements: list[Any], citations: list[Any] | None = None) -> str:
    """Each disagreement with both quotes, their outlets and clickable citation numbers (escaped)."""
    if not disagreements:
        return ""
    out = ['<div class="bb-disagreements"><p><em>Sources disagree:</em></p><ul>']
    for d in disagreements:
        sides = " vs. ".join(
            f'{esc(side.outlet)}: “{esc(side.text)}”'
            + (" " + linked_markers(f"[{int(side.citation)}]", citations or []) if side.citation else "")
            for side in d.sides
        )
        out.append(f'<li data-kind="{esc(d.kind)}"><b>{esc(d.kind)}</b>: {sides}</li>')
    return "".join(out) + "</ul></div>"


def timeline_html(timeline: Any) -> str:
    """The dated events as an ordered list, with a small bar chart of events per day."""
    if not timeline.events:
        return '<div class="bb-timeline"><p><em>Timeline:</em> no dated events found.</p></div>'
    per_day = timeline.per_day()
    top = max(per_day.values())
    bars = "".join(
        f'<div class="bb-day" title="{esc(day)}: {n} event(s)" style="display:flex;gap:6px;align-items:center">'
        f'<span style="width:7em;font-size:0.8em">{esc(day)}</span>'
        f'<span style="display:inline-block;height:0.8em;width:{int(120 * n / top)}px;background:#4a78c2"></span>'
        f'<span style="font-size:0.8em">{n}</span></div>'
        for day, n in sorted(per_day.items())
    )
    items = []
    for e in timeline.events:
        exact = "" if e.date_precision == "day" else f" ({esc(e.date_precision)})"
        other = f" <small>other sources date it {esc(', '.join(e.other_dates))}</small>" if e.other_dates else ""
        quotes = "".join(f'<li><small>{esc(c.source)}: “{esc(c.quote)}” {linked_markers(f"[{int(c.id)}]", [c])}'
                         "</small></li>" for c in e.citations)
        items.append(f'<li data-date="{esc(e.date)}"><b>{esc(e.date)}</b>{exact} {esc(e.text)} '
                     f'— {esc(", ".join(e.outlets))}{other}<ul>{quotes}</ul></li>')
    return (f'<div class="bb-timeline"><p><em>Timeline (by event date):</em></p>'
            f'<div class="bb-timeline-chart">{bars}</div><ol>{"".join(items)}</ol></div>')


def feeds_html(feeds: list[Any]) -> str:
    """The followed feeds with their last poll (escaped)."""
    if not feeds:
        return ('<div class="bb-feeds"><em>No followed feeds.</em> Add one below; `briefbot serve --watch` '
                "polls them.</div>")
    rows = "".join(
        f"<tr><td>{esc(f.url)}</td><td>{int(f.every_s)} s</td><td>{esc(f.last_fetch or '-')}</td>"
        f"<td>{esc(f.last_status or 'never')}</td><td>{int(f.new_entries)}</td><td>{esc(f.next_fetch or 'now')}</td>"
        f"<td>{esc(f.error or '')}</td></tr>"
        for f in feeds
    )
    return ('<div class="bb-feeds"><table><tr><th>feed</th><th>every</th><th>last fetch</th><th>status</th>'
            f"<th>new</th><th>next fetch</th><th>error</th></tr>{rows}</table></div>")


def upload_status_html(files: list[tuple[str, str | None]]) -> str:
    """One line per uploaded file: ready to ingest, or the problem that will skip it."""
    if not files:
        return ""
    items = "".join(
        f'<li data-file="{esc(name)}" data-ready="{"false" if problem else "true"}">{esc(name)}: '
        f"{esc(problem) if problem else 'received, ready to ingest'}</li>"
        for name, problem in files
    )
    return f'<div class="bb-upload" data-files="{len(files)}"><ul>{items}</ul></div>'


def ingest_report_html(report: Any, rejected: list[tuple[str, str]], stats: dict[str, Any]) -> str:
    out = ['<div class="bb-report">']
    if report is not None:
        out.append(
            f"<p><b>Ingested:</b> added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
            f"removed {report.removed}; {report.chunks} chunks written. "
            f"Index now holds {stats.get('articles', 0)} articles.</p>"
        )
    failures = list(rejected)
    if report is not None:
        failures += [(_short_source(f.source), f.error) for f in report.failed]
    if failures:
        out.append(f'<p class="bb-error"><b>{len(failures)} input(s) skipped:</b></p>')
        out.append("<table><tr><th>input</th><th>problem</th></tr>")
        for source, error in failures:
            out.append(f"<tr><td>{esc(source)}</td><td>{esc(error)}</td></tr>")
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


def _filters(sources: list[str] | None, date_from: str | None, date_to: str | None) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    if sources:
        out["sources"] = list(sources)
    if date_from and date_from.strip():
        out["date_from"] = date_from.strip()
    if date_to and date_to.strip():
        out["date_to"] = date_to.strip()
    if out:
        from briefbot.retrieve import Filters

        Filters.parse(out)  # raises ValueError with a clear message on bad dates
    return out or None


# ---------------------------------------------------------------------- uploads
def check_upload(path: Path, max_mb: float) -> str | None:
    """Why an uploaded file is refused (type or size), or None when it is fine."""
    suffix = path.suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return f"unsupported file type {suffix or '(none)'}; upload one of {' '.join(UPLOAD_SUFFIXES)}"
    size = path.stat().st_size
    if size > max_mb * MB:
        return f"file is {size / MB:.1f} MB, over the {max_mb:g} MB upload limit (BRIEFBOT_MAX_UPLOAD_MB)"
    return None


def _upload_dir(sbot: ServedBot) -> Path:
    path = Path(sbot.settings.index_dir) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------------- the app
ChatOut = tuple[Any, ...]
"""One update of the chat outputs: question box, Chatbot, shown, memory, status, citations, cites."""


class BriefbotUi:
    """The web UI over one :class:`ServedBot` (the PrivateGPT ``PrivateGptUi`` shape).

    Handlers are methods named after what they do (``_chat``, ``_ingest``, ``_delete``...)
    and take and return plain values, so tests call them without a browser.  Layout is
    one method per tab; :attr:`blocks` builds the page once.
    """

    def __init__(self, bot: Any, upload_folder: Path | None = None) -> None:
        self.sbot: ServedBot = served(bot)
        self.max_mb = float(self.sbot.settings.max_upload_mb)
        self.backends = self.sbot.backends()
        backend = self.sbot.settings.backend
        self.default_backend = backend if backend in self.backends else self.backends[0]
        self.upload_folder = upload_folder
        """Where uploads must come from; None: Gradio's own upload folder."""
        self._blocks: gr.Blocks | None = None
        self._feed_store: FeedStore | None = None

    @property
    def blocks(self) -> gr.Blocks:
        """The Blocks app: mount it (``server.create_app``) or ``.launch(css=CSS)`` it."""
        if self._blocks is None:
            self._blocks = self._build_ui_blocks()
        return self._blocks

    # ------------------------------------------------------------------ data
    def _source_choices(self) -> list[str]:
        return sorted(self.sbot.stats().get("sources", {}))

    def _article_choices(self) -> list[tuple[str, str]]:
        return [(f"{r.title} ({r.id})", r.id) for r in self.sbot.articles()]

    @property
    def feeds(self) -> FeedStore:
        """The followed feeds of the served index (the store ``briefbot serve --watch`` polls)."""
        if self._feed_store is None:
            from briefbot.feeds import store_for

            self._feed_store = store_for(self.sbot.settings)
        return self._feed_store

    # ------------------------------------------------------------------ handlers: chat
    def _chat(
        self,
        message: str,
        display: list[dict[str, Any]],
        history: list[dict[str, str]],
        sources: list[str] | None,
        date_from: str | None,
        date_to: str | None,
        backend_name: str | None,
    ) -> Iterator[ChatOut]:
        """Stream one answer into the chat; a busy local model shows that it is waiting."""
        message = (message or "").strip()
        if not message:
            raise gr.Error("Type a question first.")
        try:
            filters = _filters(sources, date_from, date_to)
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        display = [*display, {"role": "user", "content": chat_text(message)}, {"role": "assistant", "content": "…"}]
        yield ("", display, display, history, badge_html("thinking", "Searching the articles…"),
               gr.update(choices=[], value=None), [])
        text, answer = "", None
        try:
            for piece in self.sbot.ask_stream(message, history=history, filters=filters, backend=backend_name):
                if isinstance(piece, Waiting):
                    display = [*display[:-1], {"role": "assistant", "content": f"⏳ {esc_text(piece.message)}"}]
                    yield "", display, display, history, badge_html("thinking", piece.message), gr.skip(), gr.skip()
                elif isinstance(piece, str):
                    text += piece
                    display = [*display[:-1], {"role": "assistant", "content": chat_text(text)}]
                    yield "", display, display, history, gr.skip(), gr.skip(), gr.skip()
                else:
                    answer = piece
        except (ConfigError, ValueError, RuntimeError) as exc:
            msg = f"Could not answer: {exc}"
            display = [*display[:-1], {"role": "assistant", "content": f"⚠️ {chat_text(msg)}"}]
            yield "", display, display, history, f'<div class="bb-error">{esc(msg)}</div>', gr.skip(), []
            return
        if answer is not None:
            yield self._answered(message, answer, display, history)

    def _answered(
        self, message: str, answer: Any, display: list[dict[str, Any]], history: list[dict[str, str]]
    ) -> ChatOut:
        display = [*display[:-1], {"role": "assistant", "content": answer_message(answer)}]
        history = [*history, {"role": "user", "content": message}, {"role": "assistant", "content": answer.answer}]
        found = [c.to_dict() for c in answer.citations]
        choices = [(citation_label(c), str(c["id"])) for c in found]
        return ("", display, display, history, badge_html(answer.status, answer.uncertainty),
                gr.update(choices=choices, value=None), found)

    def _reset(self) -> tuple[Any, ...]:
        return [], [], [], "", gr.update(choices=[], value=None), [], "", PANEL_PLACEHOLDER

    def _cleared(self) -> tuple[Any, ...]:
        return [], [], "", gr.update(choices=[], value=None), []

    def _show_citation(self, choice: str | None, found: list[dict[str, Any]]) -> Any:
        """Our own source panel with the cited quote highlighted."""
        c = next((c for c in found if str(c["id"]) == str(choice)), None) if choice else None
        if c is None:
            return gr.skip()
        return source_panel_html(self.sbot.article(c["article_id"]), c)

    def _show_linked(self, link: str | None) -> Any:
        """The source panel for a clicked ``[n]`` marker link of any turn (or brief)."""
        c = citation_from_link(link)
        if c is None:
            return gr.skip()
        article = self.sbot.article(c["article_id"])
        if article is not None:
            c["quote"] = article.text[c["start"]:c["end"]]
        return source_panel_html(article, c)

    # ------------------------------------------------------------------ handlers: briefs
    def _summary_result(self, summary: Any) -> tuple[Any, ...]:
        found = [c.to_dict() for c in summary.citations]
        choices = [(citation_label(c), str(c["id"])) for c in found]
        return summary_html(summary), gr.update(choices=choices, value=None), found

    def _waiting_for_model(self, backend_name: str | None) -> tuple[Any, ...] | None:
        """A "waiting for the local model" notice for the brief panel when the model is busy."""
        if not (self.sbot.is_local(backend_name) and self.sbot.local_ahead()):
            return None
        notice = Waiting(ahead=self.sbot.local_ahead()).message
        return badge_html("thinking", notice), gr.skip(), gr.skip()

    def _summarize(self, article_id: str | None, backend_name: str | None = None) -> Iterator[tuple[Any, ...]]:
        if not article_id:
            raise gr.Error("Pick an article to summarize.")
        if self.sbot.article(article_id) is None:
            raise gr.Error(f"No article {article_id!r} in the index.")
        waiting = self._waiting_for_model(backend_name)
        if waiting:
            yield waiting
        try:
            yield self._summary_result(self.sbot.summarize(article_id, backend=backend_name))
        except (ConfigError, ValueError, RuntimeError, KeyError) as exc:
            raise gr.Error(f"Could not summarize: {exc}") from exc

    def _brief(
        self, topic: str, sources: list[str] | None, backend_name: str | None = None
    ) -> Iterator[tuple[Any, ...]]:
        topic = (topic or "").strip()
        if not topic:
            raise gr.Error("Type a topic for the brief.")
        waiting = self._waiting_for_model(backend_name)
        if waiting:
            yield waiting
        try:
            filters = _filters(sources, None, None)
            yield self._summary_result(self.sbot.brief(topic, filters=filters, backend=backend_name))
        except (ConfigError, ValueError, RuntimeError) as exc:
            raise gr.Error(f"Could not write the brief: {exc}") from exc

    # ------------------------------------------------------------------ handlers: corpus
    def _refresh(self) -> tuple[Any, ...]:
        """Stats, table and every article/outlet picker (corpus and briefs tabs)."""
        stats = self.sbot.stats()
        rows = [[r.id, r.title, r.source, r.published or "", r.n_chunks] for r in self.sbot.articles()]
        arts = self._article_choices()
        srcs = sorted(stats.get("sources", {}))
        return (stats_html(stats), rows, gr.update(choices=arts), gr.update(choices=srcs),
                gr.update(choices=arts), gr.update(choices=srcs))

    def _checked_upload(self, file: Any) -> tuple[str, Path | None, str | None]:
        """(name, path, problem) of one file from the picker; path is None when it is refused."""
        raw = str(getattr(file, "path", file))
        name = Path(raw).name
        path = uploaded_file(raw, self.upload_folder)
        if path is None:
            return name, None, UPLOAD_REFUSED
        problem = check_upload(path, self.max_mb)
        return name, (None if problem else path), problem

    def _upload_status(self, files: list[Any] | None) -> str:
        """What the server now holds from the file picker (see :func:`upload_status_html`)."""
        return upload_status_html([(name, problem) for name, _, problem in map(self._checked_upload, files or [])])

    def _accept_uploads(self, files: list[Any] | None) -> tuple[list[str], list[tuple[str, str]]]:
        """Copy acceptable uploads into the index's upload folder; say why others are refused."""
        sources: list[str] = []
        rejected: list[tuple[str, str]] = []
        target = _upload_dir(self.sbot)
        for f in files or []:
            name, path, problem = self._checked_upload(f)
            if path is None:
                rejected.append((name, problem or UPLOAD_REFUSED))
                continue
            dest = target / path.name
            shutil.copyfile(path, dest)
            sources.append(str(dest))
        return sources, rejected

    def _ingest(
        self, files: list[Any] | None, url_text: str | None, progress: Any = gr.Progress()  # noqa: B008
    ) -> tuple[Any, ...]:
        """Ingest uploads and URLs; every bad input is listed, the rest is ingested."""
        sources, rejected = self._accept_uploads(files)
        for line in (url_text or "").splitlines():
            line = line.strip()
            problem = None if not line else ("not an http(s) URL" if not is_url(line) else url_problem(line))
            if problem:
                rejected.append((line, problem))
            elif line:
                sources.append(line)
        if not sources and not rejected:
            raise gr.Error("Choose files to upload or paste URLs first.")
        report = None
        if sources:
            progress(0, desc="ingesting")

            def tick(done: int, origin: str) -> None:
                progress((done, None), desc=f"{Path(origin).name or origin}", unit="articles")

            try:
                report = self.sbot.ingest(sources, progress=tick)
            except (ConfigError, ValueError, RuntimeError) as exc:
                rejected += [(_short_source(s), f"not ingested: {exc}") for s in sources]
        return (ingest_report_html(report, rejected, self.sbot.stats()), None, "", *self._refresh())

    def _feeds_listing(self) -> str:
        return feeds_html(self.feeds.list())

    def _follow_feed(self, url: str | None) -> tuple[str, str]:
        """Follow a feed URL (the list and a cleared URL box); a bad URL says why."""
        from briefbot.feeds import FeedError

        try:
            self.feeds.add((url or "").strip())
        except FeedError as exc:
            raise gr.Error(str(exc)) from exc
        return self._feeds_listing(), ""

    def _unfollow_feed(self, url: str | None) -> tuple[str, str]:
        if not self.feeds.remove((url or "").strip()):
            raise gr.Error("That URL is not followed (the list shows the followed feeds).")
        return self._feeds_listing(), ""

    def _view(self, article_id: str | None) -> str:
        if not article_id:
            raise gr.Error("Pick an article first.")
        return source_panel_html(self.sbot.article(article_id))

    def _delete(self, article_id: str | None) -> tuple[Any, ...]:
        if not article_id:
            raise gr.Error("Pick an article to delete.")
        if self.sbot.article(article_id) is None:
            raise gr.Error(f"No article {article_id!r} in the index.")
        chunks = self.sbot.delete([article_id])
        msg = f'<div class="bb-report">Deleted <b>{esc(article_id)}</b> ({chunks} chunks).</div>'
        updated = list(self._refresh())
        updated[2] = gr.update(choices=self._article_choices(), value=None)  # the `pick` dropdown
        return (msg, *updated)

    # ------------------------------------------------------------------ layout
    def _build_ui_blocks(self) -> gr.Blocks:
        with gr.Blocks(title="briefbot") as demo:
            gr.Markdown("## briefbot — cited answers from your news articles, with explicit uncertainty")
            sources, articles = self._source_choices(), self._article_choices()
            with gr.Row(equal_height=False):
                with gr.Column(scale=3), gr.Tabs():
                    with gr.Tab("Chat", id="chat"):
                        self._chat_tab(sources)
                    with gr.Tab("Briefs", id="briefs"):
                        self._briefs_tab(sources, articles)
                    with gr.Tab("Corpus", id="corpus"):
                        self._corpus_tab(articles)
                with gr.Column(scale=2, elem_id="source-column"):
                    gr.Markdown("### Source")
                    self.panel = gr.HTML(PANEL_PLACEHOLDER, elem_id="source-panel", js_on_load=None)
            self._wire_chat()
            self._wire_briefs()
            self._wire_corpus()
            self._bind_feeds()
            demo.load(self._refresh, None, self._refresh_outputs(), api_visibility="private")
            demo.load(self._feeds_listing, None, self.feed_list, api_visibility="private")
            demo.load(None, None, None, js=CITE_LINK_JS)
        demo.queue(default_concurrency_limit=4)
        return demo

    def _chat_tab(self, sources: list[str]) -> None:
        self.chatbot = gr.Chatbot(
            label="Conversation", elem_id="chatbot", height=430, sanitize_html=True, feedback_options=None,
            placeholder="Ask about the articles in the index. Answers cite exact sentences.",
        )
        with gr.Row():
            self.question = gr.Textbox(
                placeholder="e.g. Why was the meeting postponed?", show_label=False,
                elem_id="question", scale=5, max_length=2000,
            )
            self.send = gr.Button("Ask", variant="primary", elem_id="send-btn", scale=1)
            self.new_chat = gr.Button("New chat", elem_id="new-chat-btn", scale=1)
        self.status = gr.HTML("", elem_id="answer-status", js_on_load=None)
        with gr.Row(elem_classes="bb-hidden"):  # CITE_LINK_JS fills the box and presses the button
            self.cite_link = gr.Textbox(elem_id="cite-link", show_label=False, container=False)
            self.cite_link_btn = gr.Button("open citation", elem_id="cite-link-btn")
        self.citations = gr.Radio(
            choices=[], label="Citations — click one to see the quote in its article",
            elem_id="citations", interactive=True,
        )
        with gr.Accordion("Filters and backend", open=False):
            with gr.Row():
                self.f_sources = gr.Dropdown(
                    choices=sources, multiselect=True, label="Outlets", elem_id="filter-sources",
                    allow_custom_value=True,
                )
                self.f_from = gr.Textbox(label="From (YYYY-MM-DD)", elem_id="filter-date-from")
                self.f_to = gr.Textbox(label="To (YYYY-MM-DD)", elem_id="filter-date-to")
            self.backend = gr.Radio(
                choices=self.backends, value=self.default_backend, label="Answer backend", elem_id="backend"
            )
        self.memory = gr.State([])  # [{"role", "content"}] plain text, for follow-ups
        self.shown = gr.State([])  # what the Chatbot shows
        self.cites = gr.State([])  # citation dicts of the latest answer

    def _briefs_tab(self, sources: list[str], articles: list[tuple[str, str]]) -> None:
        with gr.Row():
            self.b_article = gr.Dropdown(
                choices=articles, value=None, label="Article", elem_id="brief-article", scale=4,
                allow_custom_value=True,
            )
            self.b_sum = gr.Button("Summarize article", elem_id="summarize-btn", scale=1)
        with gr.Row():
            self.b_topic = gr.Textbox(
                label="Topic", placeholder="e.g. oil exports", elem_id="brief-topic", scale=3
            )
            self.b_sources = gr.Dropdown(
                choices=sources, multiselect=True, label="Outlets", elem_id="brief-sources", scale=2,
                allow_custom_value=True,
            )
            self.b_go = gr.Button("Write brief", variant="primary", elem_id="brief-btn", scale=1)
        gr.Markdown("Uses the answer backend chosen under Chat → Filters and backend.")
        self.b_out = gr.HTML("", elem_id="brief-output", js_on_load=None)
        self.b_cites = gr.Radio(choices=[], label="Citations", elem_id="brief-citations")
        self.b_state = gr.State([])

    def _corpus_tab(self, articles: list[tuple[str, str]]) -> None:
        with gr.Row():
            self.upload = gr.File(
                file_count="multiple", file_types=list(UPLOAD_SUFFIXES), elem_id="upload-files",
                label=f"Upload articles ({' '.join(UPLOAD_SUFFIXES)}; up to {self.max_mb:g} MB each)",
            )
            self.urls = gr.Textbox(lines=4, label="…or paste URLs / feed URLs (one per line)", elem_id="ingest-urls")
        self.upload_status = gr.HTML("", elem_id="upload-status", js_on_load=None)
        self.ingest_btn = gr.Button("Ingest", variant="primary", elem_id="ingest-btn")
        self.report = gr.HTML("", elem_id="ingest-report", js_on_load=None)
        self.corpus_stats = gr.HTML("", elem_id="corpus-stats", js_on_load=None)
        with gr.Row():
            self.pick = gr.Dropdown(
                choices=articles, value=None, label="Article", elem_id="article-select", scale=4,
                allow_custom_value=True,
            )
            self.view = gr.Button("View", elem_id="view-btn", scale=1)
            self.delete = gr.Button("Delete", variant="stop", elem_id="delete-btn", scale=1)
        self._feeds_section()
        self.table = gr.Dataframe(
            headers=["id", "title", "outlet", "published", "chunks"], datatype="str", interactive=False,
            elem_id="articles-table", label="Articles (newest first)",
        )

    def _feeds_section(self) -> None:
        """The Corpus tab's followed feeds list and its follow/unfollow controls."""
        with gr.Accordion("Followed feeds", open=False, elem_id="feeds-accordion"):
            self.feed_list = gr.HTML("", elem_id="feeds-list", js_on_load=None)
            with gr.Row():
                self.feed_url = gr.Textbox(label="Feed URL", elem_id="feed-url", scale=4)
                self.feed_add = gr.Button("Follow", elem_id="feed-add-btn", scale=1)
                self.feed_remove = gr.Button("Unfollow", elem_id="feed-remove-btn", scale=1)

    # ------------------------------------------------------------------ wiring
    def _refresh_outputs(self) -> list[Any]:
        return [self.corpus_stats, self.table, self.pick, self.f_sources, self.b_article, self.b_sources]

    def _wire_chat(self) -> None:
        inputs = [self.question, self.shown, self.memory, self.f_sources, self.f_from, self.f_to, self.backend]
        outputs = [self.question, self.chatbot, self.shown, self.memory, self.status, self.citations, self.cites]
        self.send.click(self._chat, inputs, outputs, api_name="chat", concurrency_limit=8)
        self.question.submit(self._chat, inputs, outputs, api_visibility="private", concurrency_limit=8)
        reset_outputs = [self.chatbot, self.shown, self.memory, self.status, self.citations, self.cites,
                         self.question, self.panel]
        self.new_chat.click(self._reset, None, reset_outputs, api_name="new_chat")
        self.chatbot.clear(self._cleared, None, [self.shown, self.memory, self.status, self.citations, self.cites],
                           api_visibility="private")
        self.citations.input(self._show_citation, [self.citations, self.cites], self.panel,
                             api_visibility="private").then(None, None, None, js=SCROLL_TO_HIGHLIGHT_JS)
        self.cite_link_btn.click(self._show_linked, [self.cite_link], self.panel,
                                 api_name="open_citation_link").then(None, None, None, js=SCROLL_TO_HIGHLIGHT_JS)

    def _wire_briefs(self) -> None:
        outputs = [self.b_out, self.b_cites, self.b_state]
        brief_inputs = [self.b_topic, self.b_sources, self.backend]
        self.b_sum.click(self._summarize, [self.b_article, self.backend], outputs, api_name="summarize")
        self.b_go.click(self._brief, brief_inputs, outputs, api_name="brief")
        self.b_topic.submit(self._brief, brief_inputs, outputs, api_visibility="private")
        self.b_cites.input(self._show_citation, [self.b_cites, self.b_state], self.panel,
                           api_visibility="private").then(None, None, None, js=SCROLL_TO_HIGHLIGHT_JS)

    def _wire_corpus(self) -> None:
        refresh = self._refresh_outputs()
        self.ingest_btn.click(self._ingest, [self.upload, self.urls], [self.report, self.upload, self.urls, *refresh],
                              api_name="ingest")
        # change (not upload) also fires on clear, on removing a file and when _ingest empties the picker
        self.upload.change(self._upload_status, [self.upload], self.upload_status, api_visibility="private")
        self.view.click(self._view, [self.pick], self.panel, api_visibility="private")
        self.delete.click(self._delete, [self.pick], [self.report, *refresh], api_name="delete_article")

    def _bind_feeds(self) -> None:
        feed_outputs = [self.feed_list, self.feed_url]
        self.feed_add.click(self._follow_feed, [self.feed_url], feed_outputs, api_name="follow_feed")
        self.feed_remove.click(self._unfollow_feed, [self.feed_url], feed_outputs, api_name="unfollow_feed")


def build_ui(bot: Any) -> gr.Blocks:
    """The Blocks app over ``bot`` (a BriefBot or ServedBot); see :class:`BriefbotUi`."""
    return BriefbotUi(bot).blocks


def launch(bot: Any, **kwargs: Any) -> None:  # pragma: no cover - convenience for notebooks
    """Run the UI alone (no HTTP API): ``launch(BriefBot())``."""
    build_ui(bot).launch(css=CSS, **kwargs)
