"""Followed feeds in the Corpus tab: follow, unfollow, poll now and list feeds of the served index.

A feed address goes through the same address checks as an ingest URL when it is
followed (a loopback or private address is refused with ingest's words); "Poll now"
polls every followed feed once (never while another poll runs) and says in plain words
what it added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import gradio as gr

from briefbot import _offline  # noqa: F401
from briefbot.app.ui.news_html import poll_report_html
from briefbot.app.ui.plain import plain
from briefbot.sources.feeds import FeedError, poll_now, store_for

if TYPE_CHECKING:
    from briefbot.sources.feeds import FeedStore
from briefbot.app.ui.html import feeds_html


class FeedsTab:
    """Followed feeds in the Corpus tab: follow, unfollow and list feeds of the served index.

    Mixed into :class:`briefbot.app.ui.app.BriefbotUi`.
    """

    @property
    def feeds(self) -> FeedStore:
        """The followed feeds of the served index (the store ``briefbot serve --watch`` polls)."""
        if self._feed_store is None:
            self._feed_store = store_for(self.sbot.settings)
        return self._feed_store

    def _feeds_listing(self) -> str:
        return feeds_html(self.feeds.list())

    def _follow_feed(self, url: str | None) -> tuple[str, str]:
        """Follow a feed URL (the list and a cleared URL box); a bad URL says why."""
        try:
            self.feeds.add((url or "").strip())
        except FeedError as exc:
            raise gr.Error(plain(exc)) from exc
        return self._feeds_listing(), ""

    def _unfollow_feed(self, url: str | None) -> tuple[str, str]:
        if not self.feeds.remove((url or "").strip()):
            raise gr.Error("That URL is not followed (the list shows the followed feeds).")
        return self._feeds_listing(), ""

    def _poll_feeds(self) -> tuple[str, str]:
        """Poll every followed feed now (the list and what was added, in words)."""
        done = poll_now(self.feeds, self.sbot.settings, self.sbot.write_batch)
        return self._feeds_listing(), poll_report_html(done)

    def _feeds_section(self) -> None:
        """The Corpus tab's followed feeds list and its follow/unfollow controls."""
        with gr.Accordion("Followed feeds", open=False, elem_id="feeds-accordion"):
            self.feed_list = gr.HTML("", elem_id="feeds-list", js_on_load=None)
            with gr.Row():
                self.feed_url = gr.Textbox(label="Feed URL", elem_id="feed-url", scale=4)
                self.feed_add = gr.Button("Follow", elem_id="feed-add-btn", scale=1)
                self.feed_remove = gr.Button("Unfollow", elem_id="feed-remove-btn", scale=1)
            with gr.Row():
                self.feed_poll = gr.Button("Poll now", elem_id="feed-poll-btn", scale=1)
                self.feed_refresh = gr.Button("Refresh list", elem_id="feed-refresh-btn", scale=1)
            self.poll_report = gr.HTML("", elem_id="poll-report", js_on_load=None)

    def _bind_feeds(self) -> None:
        feed_outputs = [self.feed_list, self.feed_url]
        self.feed_add.click(self._follow_feed, [self.feed_url], feed_outputs, api_name="follow_feed")
        self.feed_remove.click(self._unfollow_feed, [self.feed_url], feed_outputs, api_name="unfollow_feed")
        self.feed_poll.click(self._poll_feeds, None, [self.feed_list, self.poll_report], api_name="poll_feeds")
        self.feed_refresh.click(self._feeds_listing, None, self.feed_list, api_visibility="private")
