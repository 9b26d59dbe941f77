"""The Stories tab, the first screen: what is in the collection, grouped into events.

Each story is a card (:func:`story_card_html`): its headline (a button
that opens the story's brief in the Briefs tab), the dates it covers, its independent
outlets, a "Sources disagree" badge, and its suggested questions as buttons that ask in
the chat.  A search box filters the stories.  The cards are HTML, so their buttons carry
``data-bb-story`` / ``data-bb-ask`` and the page's click handler (:data:`STORY_JS`) hands
them to hidden Gradio controls.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from briefbot import _offline  # noqa: F401
from briefbot.app.ui.html import esc
from briefbot.app.ui.plain import failure
from briefbot.app.ui.style import SCROLL_TO_TOP_JS
from briefbot.config import ConfigError


def _dates_label(date_from: str | None, date_to: str | None) -> str:
    if not date_from:
        return "date unknown"
    return date_from if date_from == date_to or not date_to else f"{date_from} to {date_to}"


def story_card_html(story: Any) -> str:
    """One story card (everything from articles escaped; ids only in data attributes)."""
    n = len(story.articles)
    outlets = story.independent_outlets
    meta = (f"{_dates_label(story.date_from, story.date_to)} · {n} article{'s' if n != 1 else ''} · "
            f"{outlets} independent outlet{'s' if outlets != 1 else ''}")
    out = [f'<li class="bb-story" data-story="{esc(story.id)}">']
    out.append(f'<h3 class="bb-story-title"><button type="button" class="bb-story-open" data-bb-story="{esc(story.id)}"'
               f' aria-label="Open the brief: {esc(story.headline)}">{esc(story.headline)}</button></h3>')
    out.append(f'<div class="bb-meta">{esc(meta)}</div>')
    out.append(f'<div class="bb-story-outlets">{esc(", ".join(story.outlets))}</div>')
    if story.disagreement is not None:
        sides = " / ".join(f"{s.outlet}: “{s.text}”" for s in story.disagreement.sides)
        out.append(f'<span class="bb-badge bb-uncertain bb-disagree" title="{esc(sides)}">Sources disagree</span>')
    if story.questions:
        out.append('<div class="bb-story-questions">')
        out += [f'<button type="button" class="bb-ask" data-bb-ask="{esc(q)}" aria-label="Ask: {esc(q)}">'
                f"{esc(q)}</button>" for q in story.questions]
        out.append("</div>")
    return "".join(out) + "</li>"


def stories_html(stories: list[Any], filtered: bool = False) -> str:
    """The story list of the first screen (or what to do when there is none)."""
    if not stories:
        if filtered:
            return '<div class="bb-panel-empty">No story matches that search.</div>'
        return ('<div class="bb-panel-empty">No articles yet. Add some in the Corpus tab '
                "(upload files, paste text or give links) and their stories appear here.</div>")
    n = sum(len(s.articles) for s in stories)
    head = f'<p class="bb-meta">{len(stories)} stories from {n} articles</p>'
    return head + '<ul class="bb-stories">' + "".join(story_card_html(s) for s in stories) + "</ul>"


class StoriesTab:
    """The Stories tab (mixed into :class:`briefbot.app.ui.app.BriefbotUi`)."""

    # ------------------------------------------------------------------ handlers
    def _stories_html(self, query: str | None = None) -> str:
        return stories_html(self.sbot.stories((query or "").strip() or None), bool((query or "").strip()))

    def _open_story(self, story_id: str | None, backend_name: str | None = None) -> Iterator[tuple[Any, ...]]:
        """The brief of one story (its own articles only), shown in the Briefs tab."""
        story = next((s for s in self.sbot.stories() if s.id == (story_id or "").strip()), None)
        if story is None:
            raise gr.Error("That story is no longer in the collection; the list has been refreshed.")
        yield (gr.Tabs(selected="briefs"), story.headline, *self._waiting_or_skip(backend_name))
        try:
            summary = self.sbot.brief(story.headline, filters={"article_ids": story.article_ids},
                                      backend=backend_name)
        except (ConfigError, ValueError, RuntimeError) as exc:
            raise gr.Error(failure("write the brief", exc)) from exc
        yield (gr.skip(), gr.skip(), *self._summary_result(summary))

    def _waiting_or_skip(self, backend_name: str | None) -> tuple[Any, ...]:
        waiting = self._waiting_for_model(backend_name)
        return waiting if waiting else ('<div class="bb-note">Writing the brief…</div>', gr.skip(), gr.skip())

    # ------------------------------------------------------------------ layout
    def _stories_tab(self) -> None:
        self.s_search = gr.Textbox(
            label="Search stories", placeholder="a name, place or outlet", elem_id="story-search",
            max_length=200,
        )
        self.s_list = gr.HTML("", elem_id="stories-list", js_on_load=None)
        with gr.Row(elem_classes="bb-hidden"):  # STORY_JS fills the box and presses the button
            self.s_open = gr.Textbox(elem_id="story-open", show_label=False, container=False)
            self.s_open_btn = gr.Button("open story", elem_id="story-open-btn")

    def _wire_stories(self) -> None:
        self.s_search.change(self._stories_html, [self.s_search], self.s_list, api_visibility="private",
                             show_progress="hidden")
        outputs = [self.tabs, self.b_topic, self.b_out, self.b_cites, self.b_state]
        self.s_open_btn.click(self._open_story, [self.s_open, self.backend], outputs,
                              api_name="open_story").then(None, None, None, js=SCROLL_TO_TOP_JS)
