"""The Corpus tab: upload files (added at once), paste URLs or text, see per-file errors, and an
article table whose rows open the article, edit its outlet and date, and delete it (after a
confirmation, with an undo for the rest of the session).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import gradio as gr
import yaml

from briefbot import _offline  # noqa: F401
from briefbot.app.ui.html import (
    UPLOAD_SUFFIXES,
    _short_source,
    articles_table_html,
    esc,
    ingest_report_html,
    source_panel_html,
    stats_html,
    upload_status_html,
)
from briefbot.app.ui.inputs import check_upload, upload_dir
from briefbot.app.ui.plain import failure
from briefbot.app.ui.style import SHOW_FORM_JS
from briefbot.config import ConfigError
from briefbot.sources.articles import normalize_date
from briefbot.sources.datelines import find_dateline, iso_date, strip_line
from briefbot.sources.intake import UPLOAD_REFUSED, is_url, uploaded_file, url_problem
from briefbot.store.edits import EditError

UNDO_KEPT = 20
"""Deleted articles a session can still put back (the most recent ones)."""


class CorpusTab:
    """The Corpus tab: upload files, paste URLs, see per-file errors, view and delete articles.

    Mixed into :class:`briefbot.app.ui.app.BriefbotUi`.
    """

    # ------------------------------------------------------------------ handlers: corpus
    def _refresh(self) -> tuple[Any, ...]:
        """Stats, table and every article/outlet picker (corpus and briefs tabs)."""
        stats = self.sbot.stats()
        records = self.sbot.articles()
        arts = [(f"{r.title} ({r.id})", r.id) for r in records]
        srcs = sorted(stats.get("sources", {}))
        return (stats_html(stats), articles_table_html(records), gr.update(choices=srcs),
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
        target = upload_dir(self.sbot)
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
                rejected += [(_short_source(s), failure("add this", exc)) for s in sources]
        return (ingest_report_html(report, rejected, self.sbot.stats()), None, "", *self._refresh())

    def _paste(self, text: str | None, title: str | None, outlet: str | None, day: str | None) -> tuple[Any, ...]:
        """Add pasted text as an article: the fields given win, a dateline in the text fills the rest."""
        text = (text or "").strip()
        if not text:
            raise gr.Error("Paste the article's text first.")
        if len(text.encode()) > self.max_mb * 1024 * 1024:
            raise gr.Error(f"The pasted text is over the {self.max_mb:g} MB limit.")
        published = normalize_date((day or "").strip()) or iso_date(day or "")
        if (day or "").strip() and not published:
            raise gr.Error("The date should look like 2025-10-24 or 24 October 2025.")
        path = upload_dir(self.sbot) / f"pasted-{hashlib.sha1(text.encode()).hexdigest()[:12]}.md"
        path.write_text(pasted_markdown(text, title, outlet, published), encoding="utf-8")
        try:
            report = self.sbot.ingest([str(path)])
        except (ConfigError, ValueError, RuntimeError) as exc:
            raise gr.Error(failure("add the pasted article", exc)) from exc
        return (ingest_report_html(report, [], self.sbot.stats()), "", "", "", "", *self._refresh())

    def _add_files(self, files: list[Any] | None, progress: Any = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        """One step: files chosen in the picker are added at once (no second click)."""
        if not files:
            return (gr.skip(),) * (3 + len(self._refresh_outputs()))
        report, picker, _, *refreshed = self._ingest(files, "", progress=progress)
        return (report, picker, gr.skip(), *refreshed)  # the URL box keeps what is being typed

    def _view(self, article_id: str | None) -> str:
        """The article's text in the source panel (a sheet on a phone)."""
        if not (article_id or "").strip():
            raise gr.Error("Pick an article first.")
        return source_panel_html(self.sbot.article(article_id.strip()))

    def _named(self, article_id: str | None) -> Any:
        article = self.sbot.article((article_id or "").strip()) if (article_id or "").strip() else None
        if article is None:
            raise gr.Error("That article is no longer in the collection; the table has been refreshed.")
        return article

    # ------------------------------------------------------------------ edit outlet and date
    def _start_edit(self, article_id: str | None) -> tuple[Any, ...]:
        """Open the edit form for one article, filled with its outlet and date."""
        article = self._named(article_id)
        heading = f'<div class="bb-edit-title">Outlet and date of <b>{esc(article.title)}</b></div>'
        return (gr.update(visible=True), heading, article.source or "", article.published or "", article.id, "",
                gr.update(visible=False))

    def _save_edit(self, article_id: str | None, outlet: str | None, day: str | None) -> tuple[Any, ...]:
        """Store the outlet/date (kept on re-ingest); a bad value is said next to the form."""
        article = self._named(article_id)
        outlet, day = (outlet or "").strip(), (day or "").strip()
        published = (normalize_date(day) or iso_date(day) or day) if day else None
        source = outlet if outlet and outlet != (article.source or "") else None
        published = published if published and published != (article.published or "") else None
        if source is None and published is None:
            if not outlet and not day:
                return (gr.skip(), '<p class="bb-error" role="alert">Give an outlet, a date or both.</p>',
                        gr.skip(), *(gr.skip(),) * len(self._refresh_outputs()))
            return (gr.update(visible=False), "", '<div class="bb-report" role="status">Nothing changed.</div>',
                    *self._refresh())
        try:
            record = self.sbot.update_article(article.id, source=source, published=published)
        except EditError as exc:
            return (gr.skip(), f'<p class="bb-error" role="alert">{esc(str(exc).capitalize())}.</p>', gr.skip(),
                    *(gr.skip(),) * len(self._refresh_outputs()))
        except KeyError as exc:
            raise gr.Error("That article is no longer in the collection.") from exc
        said = f"{esc(record.source or 'unknown outlet')}, {esc(record.published or 'no date')}"
        msg = (f'<div class="bb-report" role="status">Saved: <b>{esc(record.title)}</b> is now {said}. '
               "It keeps these when it is added again.</div>")
        return (gr.update(visible=False), "", msg, *self._refresh())

    def _cancel_edit(self) -> tuple[Any, ...]:
        return gr.update(visible=False), ""

    # ------------------------------------------------------------------ delete, confirm, undo
    def _ask_delete(self, article_id: str | None) -> tuple[Any, ...]:
        """Ask before deleting: the confirmation names the article."""
        article = self._named(article_id)
        where = ", ".join(x for x in (article.source, article.published) if x)
        question = (f'<p class="bb-confirm-q" role="alert">Delete <b>{esc(article.title)}</b>'
                    f"{' (' + esc(where) + ')' if where else ''} from the collection? "
                    "You can undo this until you close the page.</p>")
        return gr.update(visible=True), question, article.id, gr.update(visible=False)

    def _confirm_delete(self, article_id: str | None, undo: list[Any] | None) -> tuple[Any, ...]:
        """Delete the article; keep its text, metadata and edit in the session for Undo."""
        article = self._named(article_id)
        edit = self.sbot.edit_of(article.id)
        self.sbot.delete([article.id])
        kept = ([*(undo or []), (article, edit)])[-UNDO_KEPT:]
        msg = (f'<div class="bb-report" role="status">Deleted <b>{esc(article.title)}</b>. '
               "Undo puts it back.</div>")
        return (gr.update(visible=False), "", msg, kept, self._undo_button(kept), *self._refresh())

    def _cancel_delete(self) -> tuple[Any, ...]:
        return gr.update(visible=False), ""

    def _undo_delete(self, undo: list[Any] | None) -> tuple[Any, ...]:
        """Put the most recently deleted article back: same id, text, outlet and date."""
        kept = list(undo or [])
        if not kept:
            raise gr.Error("Nothing to undo.")
        article, edit = kept.pop()
        try:
            self.sbot.restore(article, edit)
        except (ConfigError, ValueError, RuntimeError) as exc:
            raise gr.Error(failure("put the article back", exc)) from exc
        msg = f'<div class="bb-report" role="status">Put back <b>{esc(article.title)}</b>.</div>'
        return (msg, kept, self._undo_button(kept), *self._refresh())

    @staticmethod
    def _undo_button(kept: list[Any]) -> Any:
        if not kept:
            return gr.update(visible=False)
        title = kept[-1][0].title
        short = title if len(title) <= 48 else title[:47].rstrip() + "…"
        return gr.update(visible=True, value=f"Undo delete of “{short}”")

    def _delete(self, article_id: str | None) -> tuple[Any, ...]:
        """Delete at once (for scripts; the page asks first: :meth:`_ask_delete`)."""
        article = self._named(article_id)
        chunks = self.sbot.delete([article.id])
        msg = f'<div class="bb-report">Deleted <b>{esc(article.id)}</b> ({chunks} chunks).</div>'
        return (msg, *self._refresh())

    def _corpus_tab(self, articles: list[tuple[str, str]]) -> None:
        with gr.Row():
            self.upload = gr.File(
                file_count="multiple", file_types=list(UPLOAD_SUFFIXES), elem_id="upload-files",
                label=f"Add articles from files ({' '.join(UPLOAD_SUFFIXES)}; up to {self.max_mb:g} MB each)",
            )
            with gr.Column():
                self.urls = gr.Textbox(lines=3, label="…or paste URLs / feed URLs (one per line)",
                                       elem_id="ingest-urls")
                self.ingest_btn = gr.Button("Add URLs", variant="primary", elem_id="ingest-btn")
        self.upload_status = gr.HTML("", elem_id="upload-status", js_on_load=None)
        self.report = gr.HTML("", elem_id="ingest-report", js_on_load=None)
        self.undo_btn = gr.Button("Undo delete", visible=False, elem_id="undo-btn", size="sm")
        self.undo_state = gr.State([])
        self.corpus_stats = gr.HTML("", elem_id="corpus-stats", js_on_load=None)
        with gr.Accordion("Paste an article's text", open=False, elem_id="paste-section"):
            self.paste_text = gr.Textbox(lines=8, label="Article text", elem_id="paste-text",
                                         placeholder="Headline\nOutlet, 24 October 2025\nThe first paragraph…")
            with gr.Row():
                self.paste_title = gr.Textbox(label="Title (optional)", elem_id="paste-title", max_length=300)
                self.paste_outlet = gr.Textbox(label="Outlet (optional)", elem_id="paste-outlet", max_length=200)
                self.paste_date = gr.Textbox(label="Date (optional)", elem_id="paste-date", max_length=40,
                                             placeholder="2025-10-24")
            self.paste_btn = gr.Button("Add pasted article", elem_id="paste-btn")
        self._feeds_section()
        with gr.Group(visible=False, elem_id="delete-confirm") as self.confirm_box:
            self.confirm_q = gr.HTML("", elem_id="delete-question", js_on_load=None)
            with gr.Row():
                self.delete = gr.Button("Delete", variant="stop", elem_id="delete-btn", size="sm")
                self.delete_cancel = gr.Button("Keep it", elem_id="delete-cancel-btn", size="sm")
        with gr.Group(visible=False, elem_id="article-edit") as self.edit_box:
            self.edit_title = gr.HTML("", elem_id="edit-title", js_on_load=None)
            with gr.Row():
                self.edit_outlet = gr.Textbox(label="Outlet", elem_id="edit-outlet", max_length=200)
                self.edit_date = gr.Textbox(label="Date (YYYY-MM-DD)", elem_id="edit-date", max_length=40,
                                            placeholder="2025-10-24")
            self.edit_error = gr.HTML("", elem_id="edit-error", js_on_load=None)
            with gr.Row():
                self.edit_save = gr.Button("Save outlet and date", variant="primary", elem_id="edit-save-btn",
                                           size="sm")
                self.edit_cancel = gr.Button("Cancel", elem_id="edit-cancel-btn", size="sm")
        self.table = gr.HTML(articles_table_html([]), elem_id="articles-table", js_on_load=None)
        self.pending = gr.State("")  # the article the open form or confirmation is about
        with gr.Row(elem_classes="bb-hidden"):  # ARTICLES_JS fills the box and presses a button
            self.a_box = gr.Textbox(elem_id="article-action", show_label=False, container=False)
            self.a_open = gr.Button("open article", elem_id="article-open-btn")
            self.a_edit = gr.Button("edit article", elem_id="article-edit-btn")
            self.a_delete = gr.Button("delete article", elem_id="article-delete-btn")

    # ------------------------------------------------------------------ wiring
    def _refresh_outputs(self) -> list[Any]:
        return [self.corpus_stats, self.table, self.f_sources, self.b_article, self.b_sources]

    def _wire_corpus(self) -> None:
        refresh = self._refresh_outputs()
        self.ingest_btn.click(self._ingest, [self.upload, self.urls], [self.report, self.upload, self.urls, *refresh],
                              api_name="ingest")
        self.upload.upload(self._add_files, [self.upload], [self.report, self.upload, self.urls, *refresh],
                           api_visibility="private")
        # change (not upload) also fires on clear, on removing a file and when _ingest empties the picker
        self.upload.change(self._upload_status, [self.upload], self.upload_status, api_visibility="private")
        self.paste_btn.click(
            self._paste, [self.paste_text, self.paste_title, self.paste_outlet, self.paste_date],
            [self.report, self.paste_text, self.paste_title, self.paste_outlet, self.paste_date, *refresh],
            api_name="paste_article")
        self.a_open.click(self._view, [self.a_box], self.panel, api_visibility="private")
        self.a_edit.click(self._start_edit, [self.a_box], [self.edit_box, self.edit_title, self.edit_outlet,
                                                           self.edit_date, self.pending, self.edit_error,
                                                           self.confirm_box],
                          api_visibility="private").then(None, None, None, js=SHOW_FORM_JS)
        self.edit_save.click(self._save_edit, [self.pending, self.edit_outlet, self.edit_date],
                             [self.edit_box, self.edit_error, self.report, *refresh], api_name="edit_article")
        self.edit_cancel.click(self._cancel_edit, None, [self.edit_box, self.edit_error], api_visibility="private")
        self.a_delete.click(self._ask_delete, [self.a_box], [self.confirm_box, self.confirm_q, self.pending,
                                                             self.edit_box],
                            api_visibility="private").then(None, None, None, js=SHOW_FORM_JS)
        self.delete.click(self._confirm_delete, [self.pending, self.undo_state],
                          [self.confirm_box, self.confirm_q, self.report, self.undo_state, self.undo_btn, *refresh],
                          api_visibility="private")
        self.delete_cancel.click(self._cancel_delete, None, [self.confirm_box, self.confirm_q],
                                 api_visibility="private")
        self.undo_btn.click(self._undo_delete, [self.undo_state], [self.report, self.undo_state, self.undo_btn,
                                                                   *refresh], api_visibility="private")


def pasted_markdown(text: str, title: str | None, outlet: str | None, published: str | None) -> str:
    """Pasted text as a front-matter article: fields given by the reader first, then what the
    text's own dateline and first line say (:mod:`briefbot.sources.datelines`)."""
    dateline = find_dateline(text)
    body = strip_line(text, dateline.line).strip() if dateline.line is not None else text
    first, _, rest = body.partition("\n")
    if not (title or "").strip() and rest.strip() and len(first) <= 200:
        title, body = first.strip(), rest.strip()
    meta = {k: v for k, v in (("title", (title or "").strip()), ("source", (outlet or "").strip() or dateline.source),
                              ("published", published or dateline.published)) if v}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body + "\n"

