"""The Stories tab, the first screen: what is in the collection, grouped into events.

Each story is a card (:func:`story_card_html`): its headline (a button
that opens the story's brief in the Briefs tab), the dates it covers, its independent
outlets, a "Sources disagree" badge, and its suggested questions as buttons that ask in
the chat.  A search box filters the stories.  The cards are HTML, so their buttons carry
``data-bb-story`` / ``data-bb-ask`` and the page's click handler (:data:`STORY_JS`) hands
them to hidden Gradio controls.

**What's new**: a "New since" day, or "Since my last visit", shows per story its new
articles and new facts (:meth:`briefbot.core.BriefBot.stories_since`), stories with news
first; opening a story then writes its brief with a "new since" section.  The choice and
the days this browser visited are kept in the browser (``gr.BrowserState``, the page's
localStorage), so a reload or the next morning's visit keeps them.  The visit day is the
browser's own date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import gradio as gr

from briefbot import _offline  # noqa: F401
from briefbot.app.ui.html import esc
from briefbot.app.ui.news_html import since_note_html, since_words, story_news_html
from briefbot.app.ui.plain import failure
from briefbot.app.ui.style import SCROLL_TO_TOP_JS
from briefbot.config import ConfigError
from briefbot.writing.whatsnew import parse_day


def _dates_label(date_from: str | None, date_to: str | None) -> str:
    if not date_from:
        return "date unknown"
    return date_from if date_from == date_to or not date_to else f"{date_from} to {date_to}"


def story_card_html(story: Any, news: Any = None, last_visit: str | None = None) -> str:
    """One story card (everything from articles escaped; ids only in data attributes);
    ``news``: its "new since" block (:class:`briefbot.writing.whatsnew.StoryNews`)."""
    n = len(story.articles)
    outlets = story.independent_outlets
    meta = (f"{_dates_label(story.date_from, story.date_to)} · {n} article{'s' if n != 1 else ''} · "
            f"{outlets} independent outlet{'s' if outlets != 1 else ''}")
    out = [f'<li class="bb-story" data-story="{esc(story.id)}">']
    out.append(f'<h3 class="bb-story-title"><button type="button" class="bb-story-open" data-bb-story="{esc(story.id)}"'
               f' aria-label="Open the brief: {esc(story.headline)}">{esc(story.headline)}</button></h3>')
    out.append(f'<div class="bb-meta">{esc(meta)}</div>')
    out.append(f'<div class="bb-story-outlets">{esc(", ".join(story.outlets))}</div>')
    if news is not None:
        out.append(story_news_html(news, last_visit))
    if story.disagreement is not None:
        sides = " / ".join(f"{s.outlet}: “{s.text}”" for s in story.disagreement.sides)
        out.append(f'<span class="bb-badge bb-uncertain bb-disagree" title="{esc(sides)}">Sources disagree</span>')
    if story.questions:
        out.append('<div class="bb-story-questions">')
        out += [f'<button type="button" class="bb-ask" data-bb-ask="{esc(q)}" aria-label="Ask: {esc(q)}">'
                f"{esc(q)}</button>" for q in story.questions]
        out.append("</div>")
    return "".join(out) + "</li>"


def stories_html(stories: list[Any], filtered: bool = False, news: list[Any] | None = None,
                 last_visit: str | None = None) -> str:
    """The story list of the first screen (or what to do when there is none); with ``news``
    (one :class:`~briefbot.writing.whatsnew.StoryNews` per story) each card says what is new
    (``last_visit``: the reader asked for news since that visit)."""
    if news is not None:
        stories = [n.story for n in news]
    if not stories:
        if filtered:
            return '<div class="bb-panel-empty">No story matches that search.</div>'
        return ('<div class="bb-panel-empty">No articles yet. Add some in the Corpus tab '
                "(upload files, paste text or give links) and their stories appear here.</div>")
    n = sum(len(s.articles) for s in stories)
    head = f'<p class="bb-meta">{len(stories)} stories from {n} articles</p>'
    if news is not None:
        fresh = sum(1 for x in news if x.has_news)
        added = sum(len(x.new_articles) for x in news)
        head = (f'<p class="bb-meta" id="news-count" data-stories-with-news="{fresh}">{fresh} of {len(stories)} '
                f"stories have news {esc(since_words(news[0].since, last_visit))} ({added} new "
                f"article{'s' if added != 1 else ''})</p>")
        cards = "".join(story_card_html(x.story, x, last_visit) for x in news)
    else:
        cards = "".join(story_card_html(s) for s in stories)
    return head + '<ul class="bb-stories">' + cards + "</ul>"


# ---------------------------------------------------------------------- since, kept in the browser
def empty_visits() -> dict[str, str]:
    """What the browser keeps: the day of this visit, of the one before, and the since choice."""
    return {"today": "", "last_visit": "", "mode": "", "since": ""}


def record_visit(state: dict[str, Any] | None, today: str) -> dict[str, str]:
    """``state`` after a page load on ``today``: a new day makes the previous one the last visit."""
    out = {**empty_visits(), **{k: str(v) for k, v in (state or {}).items() if k in empty_visits() and v}}
    if today and out["today"] != today:
        if out["today"]:
            out["last_visit"] = out["today"]
        out["today"] = today
    return out


def day_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def since_of(state: dict[str, Any] | None) -> tuple[str | None, str | None]:
    """(the day to ask "new after", the last visit it comes from or None) for a kept choice.

    "Since my last visit" asks for articles published *on* that day or later (the day
    before it): a visit in the morning did not see the afternoon's news."""
    state = state or {}
    if state.get("mode") == "last-visit" and state.get("last_visit"):
        try:
            return day_before(str(state["last_visit"])), str(state["last_visit"])
        except ValueError:  # not a day (an old or edited browser store): as if nothing was chosen
            return None, None
    if state.get("mode") == "date" and state.get("since"):
        return str(state["since"]), None
    return None, None


def browser_day(value: str | None) -> str:
    """The browser's date (``YYYY-MM-DD`` from the page), else the server's."""
    try:
        return date.fromisoformat(str(value or "").strip()).isoformat()
    except ValueError:
        return date.today().isoformat()


TODAY_JS = "(state, today, query) => [state, new Date().toLocaleDateString('sv-SE'), query]"
"""Hands the browser's own date (YYYY-MM-DD) to the page-load handler."""


class StoriesTab:
    """The Stories tab (mixed into :class:`briefbot.app.ui.app.BriefbotUi`)."""

    # ------------------------------------------------------------------ handlers
    def _stories_html(self, query: str | None = None, state: dict[str, Any] | None = None) -> str:
        """The story list, with what is new when the browser keeps a since choice."""
        q = (query or "").strip() or None
        since, visit = since_of(state)
        if since:
            try:
                return stories_html([], bool(q), news=self.sbot.stories_since(since, q), last_visit=visit)
            except ValueError:  # a kept choice that is no longer a day: show everything
                pass
        return stories_html(self.sbot.stories(q), bool(q))

    def _since_view(self, state: dict[str, str], query: str | None) -> tuple[Any, ...]:
        since, visit = since_of(state)
        box = "" if visit else (since or "")  # a last visit is said in the note, not as a day to edit
        return state, box, self._stories_html(query, state), since_note_html(since, visit)

    def _restore_since(self, state: dict[str, Any] | None, today: str | None, query: str | None) -> tuple[Any, ...]:
        """Page load: note today's visit and show the stories as the kept since choice asks."""
        return self._since_view(record_visit(state, browser_day(today)), query)

    def _set_since(self, text: str | None, state: dict[str, Any] | None, query: str | None) -> tuple[Any, ...]:
        """A day typed into "New since" (empty: show everything); a bad day says what to type."""
        state = record_visit(state, "")
        value = (text or "").strip()
        if value:
            try:
                day = parse_day(value)
            except ValueError as exc:
                return (gr.skip(), gr.skip(), gr.skip(), since_note_html(None, problem=str(exc)))
            state |= {"mode": "date", "since": day or ""}
        else:
            state |= {"mode": "", "since": ""}
        return self._since_view(state, query)

    def _since_last_visit(self, state: dict[str, Any] | None, query: str | None) -> tuple[Any, ...]:
        state = record_visit(state, "")
        if not state["last_visit"]:
            problem = ("This browser has no earlier visit yet (this is the first day it opened briefbot): "
                       "type a day into “New since” instead.")
            return (gr.skip(), gr.skip(), gr.skip(), since_note_html(None, problem=problem))
        return self._since_view(state | {"mode": "last-visit"}, query)

    def _since_clear(self, state: dict[str, Any] | None, query: str | None) -> tuple[Any, ...]:
        return self._since_view(record_visit(state, "") | {"mode": "", "since": ""}, query)

    def _open_story(self, story_id: str | None, backend_name: str | None = None,
                    state: dict[str, Any] | None = None) -> Iterator[tuple[Any, ...]]:
        """The brief of one story (its own articles only), shown in the Briefs tab; with a
        since choice kept, the brief says what is new since then."""
        story = next((s for s in self.sbot.stories() if s.id == (story_id or "").strip()), None)
        if story is None:
            raise gr.Error("That story is no longer in the collection; the list has been refreshed.")
        since, _ = since_of(state)
        yield (gr.Tabs(selected="briefs"), story.headline, since or "", *self._waiting_or_skip(backend_name))
        try:
            summary = self.sbot.brief(story.headline, filters={"article_ids": story.article_ids},
                                      backend=backend_name, since=since)
        except (ConfigError, ValueError, RuntimeError) as exc:
            raise gr.Error(failure("write the brief", exc)) from exc
        yield (gr.skip(), gr.skip(), gr.skip(), *self._summary_result(summary))

    def _waiting_or_skip(self, backend_name: str | None) -> tuple[Any, ...]:
        waiting = self._waiting_for_model(backend_name)
        return waiting if waiting else ('<div class="bb-note">Writing the brief…</div>', gr.skip(), gr.skip())

    # ------------------------------------------------------------------ layout
    def _stories_tab(self) -> None:
        with gr.Row(equal_height=False, elem_id="since-row"):  # one line on a desktop; wraps on a phone
            self.s_search = gr.Textbox(
                label="Search stories", placeholder="a name, place or outlet", elem_id="story-search",
                max_length=200, scale=3, min_width=200,
            )
            self.s_since = gr.Textbox(label="New since", placeholder="YYYY-MM-DD",
                                      elem_id="story-since", max_length=10, scale=2, min_width=150)
            self.s_since_visit = gr.Button("Since my last visit", elem_id="since-last-visit-btn", scale=1,
                                           min_width=120, size="sm")
            self.s_since_clear = gr.Button("Show all stories", elem_id="since-clear-btn", scale=1, min_width=110,
                                           size="sm")
        self.s_since_note = gr.HTML("", elem_id="since-note", js_on_load=None)
        self.visits = gr.BrowserState(empty_visits(), storage_key="briefbot-whatsnew")
        self.s_today = gr.Textbox(visible=False)
        self.s_list = gr.HTML("", elem_id="stories-list", js_on_load=None)
        with gr.Row(elem_classes="bb-hidden"):  # STORY_JS fills the box and presses the button
            self.s_open = gr.Textbox(elem_id="story-open", show_label=False, container=False)
            self.s_open_btn = gr.Button("open story", elem_id="story-open-btn")

    def _wire_stories(self) -> None:
        self.s_search.change(self._stories_html, [self.s_search, self.visits], self.s_list, api_visibility="private",
                             show_progress="hidden")
        since_out = [self.visits, self.s_since, self.s_list, self.s_since_note]
        self.s_since.submit(self._set_since, [self.s_since, self.visits, self.s_search], since_out,
                            api_visibility="private")
        self.s_since_visit.click(self._since_last_visit, [self.visits, self.s_search], since_out,
                                 api_visibility="private")
        self.s_since_clear.click(self._since_clear, [self.visits, self.s_search], since_out, api_visibility="private")
        outputs = [self.tabs, self.b_topic, self.b_since, self.b_out, self.b_cites, self.b_state]
        self.s_open_btn.click(self._open_story, [self.s_open, self.backend, self.visits], outputs,
                              api_name="open_story").then(None, None, None, js=SCROLL_TO_TOP_JS)

    def _load_stories(self, demo: gr.Blocks) -> None:
        """On page load: record the visit (the browser's date) and show the stories as kept."""
        demo.load(self._restore_since, [self.visits, self.s_today, self.s_search],
                  [self.visits, self.s_since, self.s_list, self.s_since_note], js=TODAY_JS,
                  api_visibility="private")
