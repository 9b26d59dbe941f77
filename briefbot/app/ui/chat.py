"""The Chat tab: streamed, cited answers with a status badge; a clicked marker opens its quote.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from briefbot import _offline  # noqa: F401
from briefbot.app.service import Waiting
from briefbot.app.ui.html import (
    ChatOut,
    answer_message,
    badge_html,
    chat_text,
    citation_from_link,
    citation_label,
    esc,
    esc_text,
    source_panel_html,
)
from briefbot.app.ui.inputs import filters_of
from briefbot.app.ui.plain import failure
from briefbot.app.ui.style import PANEL_PLACEHOLDER, SCROLL_TO_ANSWER_JS, SCROLL_TO_HIGHLIGHT_JS
from briefbot.config import ConfigError
from briefbot.writing.conversation import normalize_history
from briefbot.writing.limits import MAX_QUESTION_CHARS, HistoryLimits, history_problem, latest_within


class ChatTab:
    """The Chat tab: streamed, cited answers with a status badge; a clicked marker opens its quote.

    Mixed into :class:`briefbot.app.ui.app.BriefbotUi`.
    """

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
        limits = HistoryLimits.of(self.sbot.settings)  # the conversation is bounded like the API's (issue 21)
        history = latest_within(normalize_history(history, bounded=False), limits)
        problem = history_problem(history, limits)
        if problem:
            raise gr.Error(f"Could not answer: {problem}")
        try:
            filters = filters_of(sources, date_from, date_to)
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
            msg = failure("answer", exc)
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
        # the strip under the input shows the badge only: the note is in the message above (said once)
        return ("", display, display, history, badge_html(answer.status),
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

    def _cite_link_controls(self) -> None:
        """The hidden box and button a clicked ``[n]`` marker fills and presses (:data:`CITE_LINK_JS`).

        Laid out next to the source panel, outside every tab: a tab's contents exist in the
        page only once it has been shown, and markers are clicked from any tab."""
        with gr.Row(elem_classes="bb-hidden"):
            self.cite_link = gr.Textbox(elem_id="cite-link", show_label=False, container=False)
            self.cite_link_btn = gr.Button("open citation", elem_id="cite-link-btn")

    def _ask_bar(self) -> None:
        """The question box, above every tab and focused on load: asking shows the Chat tab."""
        with gr.Row(equal_height=True, elem_id="ask-bar"):
            self.question = gr.Textbox(
                label="Ask a question about the articles", placeholder="e.g. Why was the meeting postponed?",
                show_label=False, elem_id="question", scale=6, min_width=220, max_length=MAX_QUESTION_CHARS,
                autofocus=True,
            )
            self.send = gr.Button("Ask", variant="primary", elem_id="send-btn", scale=1, min_width=80)
            self.new_chat = gr.Button("New chat", elem_id="new-chat-btn", scale=1, min_width=100)

    def _show_chat(self) -> Any:
        return gr.Tabs(selected="chat")

    def _chat_tab(self, sources: list[str]) -> None:
        # no fixed height: a long answer is never clipped (on a phone the page scrolls instead),
        # no autoscroll to the tail (SCROLL_TO_ANSWER_JS shows the new answer from its top),
        # and no "share" button: an offline app does not post conversations to Hugging Face
        self.chatbot = gr.Chatbot(
            label="Conversation", elem_id="chatbot", height="auto", max_height=None, min_height=160,
            autoscroll=False, buttons=["copy"], sanitize_html=True, feedback_options=None,
            placeholder="Ask about the articles in the index. Answers cite exact sentences.",
        )
        self.status = gr.HTML("", elem_id="answer-status", js_on_load=None)
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

    def _wire_chat(self) -> None:
        inputs = [self.question, self.shown, self.memory, self.f_sources, self.f_from, self.f_to, self.backend]
        outputs = [self.question, self.chatbot, self.shown, self.memory, self.status, self.citations, self.cites]
        self.send.click(self._chat, inputs, outputs, api_name="chat", concurrency_limit=8).then(
            None, None, None, js=SCROLL_TO_ANSWER_JS)
        self.question.submit(self._chat, inputs, outputs, api_visibility="private", concurrency_limit=8).then(
            None, None, None, js=SCROLL_TO_ANSWER_JS)
        for trigger in (self.send.click, self.question.submit):
            trigger(self._show_chat, None, self.tabs, api_visibility="private", queue=False)
        reset_outputs = [self.chatbot, self.shown, self.memory, self.status, self.citations, self.cites,
                         self.question, self.panel]
        self.new_chat.click(self._reset, None, reset_outputs, api_name="new_chat")
        self.chatbot.clear(self._cleared, None, [self.shown, self.memory, self.status, self.citations, self.cites],
                           api_visibility="private")
        self.citations.input(self._show_citation, [self.citations, self.cites], self.panel,
                             api_visibility="private").then(None, None, None, js=SCROLL_TO_HIGHLIGHT_JS)
        self.cite_link_btn.click(self._show_linked, [self.cite_link], self.panel,
                                 api_name="open_citation_link").then(None, None, None, js=SCROLL_TO_HIGHLIGHT_JS)
