"""The Briefs tab: article summaries and topic briefs (timeline, per-day chart, disagreements).

A brief can be limited to a date range: "New since" adds what is new after that day (a
"new since" section, :func:`briefbot.app.ui.news_html.brief_news_html`) and "Until" leaves
out articles published after that day.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from briefbot import _offline  # noqa: F401
from briefbot.app.service import Waiting
from briefbot.app.ui.brief_html import summary_html
from briefbot.app.ui.html import badge_html, citation_label
from briefbot.app.ui.inputs import filters_of
from briefbot.app.ui.news_html import brief_news_html
from briefbot.app.ui.plain import failure
from briefbot.app.ui.style import SCROLL_TO_HIGHLIGHT_JS
from briefbot.config import ConfigError
from briefbot.writing.whatsnew import parse_day


class BriefsTab:
    """The Briefs tab: article summaries and topic briefs (timeline, per-day chart, disagreements).

    Mixed into :class:`briefbot.app.ui.app.BriefbotUi`.
    """

    # ------------------------------------------------------------------ handlers: briefs
    def _summary_result(self, summary: Any) -> tuple[Any, ...]:
        found = [c.to_dict() for c in summary.citations]
        choices = [(citation_label(c), str(c["id"])) for c in found]
        # what is new comes first: a reader who set "since" came for it
        return brief_news_html(summary) + summary_html(summary), gr.update(choices=choices, value=None), found

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
            raise gr.Error(failure("summarize the article", exc)) from exc

    def _brief(
        self, topic: str, sources: list[str] | None, backend_name: str | None = None,
        since: str | None = None, until: str | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        topic = (topic or "").strip()
        if not topic:
            raise gr.Error("Type a topic for the brief.")
        try:
            since, until = parse_day(since, "New since"), parse_day(until, "Until")
        except ValueError as exc:
            raise gr.Error(str(exc)) from exc
        waiting = self._waiting_for_model(backend_name)
        if waiting:
            yield waiting
        try:
            filters = filters_of(sources, None, None)
            yield self._summary_result(self.sbot.brief(topic, filters=filters, backend=backend_name,
                                                       since=since, until=until))
        except (ConfigError, ValueError, RuntimeError) as exc:
            raise gr.Error(failure("write the brief", exc)) from exc

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
        with gr.Row():
            self.b_since = gr.Textbox(label="New since (YYYY-MM-DD, optional)", placeholder="e.g. 2025-10-21",
                                      elem_id="brief-since", max_length=10, min_width=160)
            self.b_until = gr.Textbox(label="Until (YYYY-MM-DD, optional)", placeholder="e.g. 2025-10-23",
                                      elem_id="brief-until", max_length=10, min_width=160)
        gr.Markdown("Uses the answer backend chosen under Chat → Filters and backend.")
        self.b_out = gr.HTML("", elem_id="brief-output", js_on_load=None)
        # every marker of the brief is a link to its quote and the brief lists its sources once:
        # no second, radio-button copy of that list on the page
        self.b_cites = gr.Radio(choices=[], label="Citations", elem_id="brief-citations", visible=False)
        self.b_state = gr.State([])

    def _wire_briefs(self) -> None:
        outputs = [self.b_out, self.b_cites, self.b_state]
        brief_inputs = [self.b_topic, self.b_sources, self.backend, self.b_since, self.b_until]
        self.b_sum.click(self._summarize, [self.b_article, self.backend], outputs, api_name="summarize")
        self.b_go.click(self._brief, brief_inputs, outputs, api_name="brief")
        self.b_topic.submit(self._brief, brief_inputs, outputs, api_visibility="private")
        self.b_cites.input(self._show_citation, [self.b_cites, self.b_state], self.panel,
                           api_visibility="private").then(None, None, None, js=SCROLL_TO_HIGHLIGHT_JS)
