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
from briefbot.app.ui.articles import articles_table_html
from briefbot.app.ui.html import (
    UPLOAD_SUFFIXES,
    _short_source,
    ingest_report_html,
    stats_html,
    upload_status_html,
)
from briefbot.app.ui.inputs import check_upload, upload_dir
from briefbot.app.ui.plain import failure
from briefbot.config import ConfigError
from briefbot.sources.articles import normalize_date
from briefbot.sources.datelines import find_dateline, iso_date, strip_line
from briefbot.sources.intake import UPLOAD_REFUSED, is_url, uploaded_file, url_problem


class CorpusTab:
    """The Corpus tab: files added as they are chosen, URLs, pasted text, feeds, and the article
    table (:class:`briefbot.app.ui.articles.ArticlesTable`).

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
        self._undo_controls()
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
        self._article_table()

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
        self._wire_articles()


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

