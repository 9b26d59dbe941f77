"""The Gradio web UI: chat with cited, streamed answers; briefs; corpus management.

A thin layer over :class:`briefbot.app.service.ServedBot` (shared with the HTTP API, which
this module never imports).  :class:`BriefbotUi` is the app: its handlers are methods
(``_chat``, ``_ingest``, ...) that tests call directly without a browser, and one
method per tab lays the page out.

Safety: everything that comes from an article (title, outlet, text, quotes, URLs) is
HTML-escaped before it reaches the page, and chat text is also made inert for Markdown
(no live links or images from articles); uploads are limited by type and size and must
be files Gradio stored in its upload folder; the URL box takes http(s) URLs only.

Element ids (stable; the browser tests use them): ``story-search``, ``stories-list``
(``li.bb-story[data-story]`` cards with ``[data-bb-story]`` and ``[data-bb-ask]`` buttons; the
hidden ``story-open`` box and ``story-open-btn`` carry a clicked headline, :data:`STORY_JS`), ``chatbot``, ``question``,
``send-btn``, ``new-chat-btn``, ``answer-status``, ``citations``, ``source-panel``
(``mark#cite-hl`` inside it is the cited quote), ``filter-sources``,
``filter-date-from``, ``filter-date-to``, ``backend``, ``brief-*``,
``upload-files`` (chosen files are added at once), ``upload-status`` (one ``li[data-file][data-ready]``
per file the server holds from the picker; set by the file component's change event), ``ingest-urls``,
``ingest-btn`` (adds the URLs), ``ingest-report`` (the plain-words result line), ``undo-btn``,
``corpus-stats``, ``articles-table`` (``tr[data-article]`` rows with ``[data-bb-article-open|edit|delete]``
buttons; :data:`ARTICLES_JS` hands a click to the hidden ``article-action`` box and the
``article-open-btn`` / ``article-edit-btn`` / ``article-delete-btn`` buttons), ``article-edit``
(``edit-outlet``, ``edit-date``, ``edit-error``, ``edit-save-btn``, ``edit-cancel-btn``),
``delete-confirm`` (``delete-question``, ``delete-btn``, ``delete-cancel-btn``), ``sheet-back``
(the Back button of the source sheet on a phone, :data:`SHEET_JS`),
``story-since``, ``since-last-visit-btn``, ``since-clear-btn``, ``since-note`` (what's new; a card's
``div.bb-new[data-new-articles]``), ``brief-since``, ``brief-until``,
``feeds-list``, ``feed-url``, ``feed-add-btn``, ``feed-remove-btn``, ``feed-poll-btn``,
``poll-report``; the hidden ``cite-link`` box and ``cite-link-btn`` carry a clicked ``a.bb-cite``
marker link (:data:`CITE_LINK_JS`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from briefbot import _offline  # noqa: F401
from briefbot.app.service import ServedBot, served

if TYPE_CHECKING:
    from briefbot.sources.feeds import FeedStore
from briefbot.app.ui.articles import ArticlesTable
from briefbot.app.ui.briefs import BriefsTab
from briefbot.app.ui.chat import ChatTab
from briefbot.app.ui.corpus import CorpusTab
from briefbot.app.ui.feeds import FeedsTab
from briefbot.app.ui.sheet import ARTICLES_JS, SHEET_BACK, SHEET_JS
from briefbot.app.ui.stories import StoriesTab
from briefbot.app.ui.style import CITE_LINK_JS, CSS, PANEL_PLACEHOLDER, STORY_JS, theme

# ---------------------------------------------------------------------- uploads


class BriefbotUi(StoriesTab, ChatTab, BriefsTab, CorpusTab, ArticlesTable, FeedsTab):
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

    # ------------------------------------------------------------------ layout
    def _build_ui_blocks(self) -> gr.Blocks:
        with gr.Blocks(title="briefbot") as demo:
            gr.Markdown("## briefbot — cited answers from your news articles, with explicit uncertainty",
                        elem_id="app-title")
            sources, articles = self._source_choices(), self._article_choices()
            self._ask_bar()
            with gr.Row(equal_height=False):
                with gr.Column(scale=3), gr.Tabs(selected="stories") as self.tabs:
                    with gr.Tab("Stories", id="stories") as stories_tab:
                        self._stories_tab()
                    with gr.Tab("Chat", id="chat"):
                        self._chat_tab(sources)
                    with gr.Tab("Briefs", id="briefs"):
                        self._briefs_tab(sources, articles)
                    with gr.Tab("Corpus", id="corpus"):
                        self._corpus_tab(articles)
                with gr.Column(scale=2, elem_id="source-column"):  # a sheet with a Back button on a phone
                    gr.HTML(SHEET_BACK, elem_id="sheet-back-row", js_on_load=None)
                    gr.Markdown("### Source")
                    self.panel = gr.HTML(PANEL_PLACEHOLDER, elem_id="source-panel", js_on_load=None)
                    self._cite_link_controls()
            self._wire_stories()
            stories_tab.select(self._stories_html, [self.s_search, self.visits], self.s_list,
                               api_visibility="private", show_progress="hidden")
            self._wire_chat()
            self._wire_briefs()
            self._wire_corpus()
            self._bind_feeds()
            demo.load(self._refresh, None, self._refresh_outputs(), api_visibility="private")
            demo.load(self._feeds_listing, None, self.feed_list, api_visibility="private")
            demo.load(None, None, None, js=CITE_LINK_JS)
            demo.load(None, None, None, js=STORY_JS)
            demo.load(None, None, None, js=ARTICLES_JS)
            demo.load(None, None, None, js=SHEET_JS)
            self._load_stories(demo)
        demo.queue(default_concurrency_limit=4)
        return demo


def build_ui(bot: Any) -> gr.Blocks:
    """The Blocks app over ``bot`` (a BriefBot or ServedBot); see :class:`BriefbotUi`."""
    return BriefbotUi(bot).blocks


def launch(bot: Any, **kwargs: Any) -> None:  # pragma: no cover - convenience for notebooks
    """Run the UI alone (no HTTP API): ``launch(BriefBot())``."""
    build_ui(bot).launch(css=CSS, theme=theme(), **kwargs)
