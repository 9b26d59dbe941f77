"""The Corpus tab's article table: open a row, edit its outlet and date, delete it (confirm, then undo).

Every row's buttons carry the article id (:func:`articles_table_html`);
:data:`briefbot.app.ui.sheet.ARTICLES_JS` puts a clicked id in the hidden ``article-action`` box
and presses the matching hidden button, whose handler here answers.  An edit goes through
``update_article`` (checked, stored in the index, kept on re-ingest); a delete keeps the
article and its edit in the session's state, so Undo puts back the same id, text, outlet and date.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from briefbot import _offline  # noqa: F401
from briefbot.app.ui.html import esc, source_panel_html
from briefbot.app.ui.plain import failure
from briefbot.app.ui.sheet import SHOW_FORM_JS
from briefbot.config import ConfigError
from briefbot.sources.articles import normalize_date
from briefbot.sources.datelines import iso_date
from briefbot.store.edits import EditError

UNDO_KEPT = 20
"""Deleted articles a session can still put back (the most recent ones)."""


def articles_table_html(records: list[Any]) -> str:
    """The article table: title (opens the article) · outlet · date · chunks, with Edit and Delete per row.

    The id is not a column (it is the row's ``data-article`` and the title's tooltip).  Buttons
    carry ``data-bb-article-open|edit|delete`` for :data:`ARTICLES_JS` and say in their
    accessible name which article they act on."""
    if not records:
        return ('<div class="bb-articles" data-count="0"><em>No articles yet.</em> Upload files, paste '
                "URLs or paste an article's text above.</div>")
    rows = []
    for r in records:
        aid, title = esc(r.id), esc(r.title or r.id)
        outlet = esc(r.source) if r.source else '<span class="bb-unknown">unknown outlet</span>'
        day = esc(r.published) if r.published else '<span class="bb-unknown">no date</span>'
        rows.append(
            f'<tr data-article="{aid}"><td class="bb-a-title"><button type="button" class="bb-a-open" '
            f'data-bb-article-open="{aid}" title="{aid}" aria-label="Open {title}">{title}</button></td>'
            f'<td class="bb-a-outlet">{outlet}</td><td class="bb-a-date">{day}</td>'
            f'<td class="bb-a-chunks">{int(r.n_chunks)}<span class="bb-a-unit"> chunk{"" if r.n_chunks == 1 else "s"}'
            "</span></td>"
            f'<td class="bb-a-actions"><button type="button" class="bb-a-btn" data-bb-article-edit="{aid}" '
            f'aria-label="Edit outlet and date of {title}">Edit</button> '
            f'<button type="button" class="bb-a-btn bb-a-del" data-bb-article-delete="{aid}" '
            f'aria-label="Delete {title}">Delete</button></td></tr>'
        )
    return (f'<div class="bb-articles" data-count="{len(records)}"><table>'
            f"<caption>{len(records)} article{'' if len(records) == 1 else 's'}, newest first</caption>"
            '<thead><tr><th scope="col">Title</th><th scope="col">Outlet</th><th scope="col">Date</th>'
            '<th scope="col">Chunks</th><th scope="col"><span class="bb-sr">Actions</span></th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


class ArticlesTable:
    """Handlers, layout and wiring of the article table (mixed into :class:`briefbot.app.ui.app.BriefbotUi`)."""

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

    # ------------------------------------------------------------------ layout
    def _undo_controls(self) -> None:
        self.undo_btn = gr.Button("Undo delete", visible=False, elem_id="undo-btn", size="sm")
        self.undo_state = gr.State([])

    def _article_table(self) -> None:
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

    def _wire_articles(self) -> None:
        refresh = self._refresh_outputs()
        self.a_open.click(self._view, [self.a_box], self.panel, api_visibility="private")
        self.a_edit.click(self._start_edit, [self.a_box], [self.edit_box, self.edit_title, self.edit_outlet,
                                                           self.edit_date, self.pending, self.edit_error,
                                                           self.confirm_box],
                          api_visibility="private").then(None, None, None, js=SHOW_FORM_JS)
        self.edit_save.click(self._save_edit, [self.pending, self.edit_outlet, self.edit_date],
                             [self.edit_box, self.edit_error, self.report, *refresh], api_visibility="private")
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
