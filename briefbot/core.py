"""``BriefBot``: the one Python API that the CLI, the web UI and the HTTP API call."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefbot import _offline  # noqa: F401
from briefbot.config import Settings
from briefbot.schema import Answer, Summary
from briefbot.sources.articles import LoadedBatch
from briefbot.store.edits import MetaEdit
from briefbot.store.index import ArticleRecord, Index
from briefbot.store.ingest import load_batch, relabel, update_copies, write_batch
from briefbot.store.retrieve import Filters, HybridRetriever
from briefbot.writing.answer import AnswerChain
from briefbot.writing.limits import HistoryLimits
from briefbot.writing.llm import local_model_stats, make_composer
from briefbot.writing.stories import Story, build_stories
from briefbot.writing.summarize import summarize_article
from briefbot.writing.summarize_brief import build_brief
from briefbot.writing.timeline import build_timeline
from briefbot.writing.whatsnew import StoryNews, parse_day, story_news

if TYPE_CHECKING:  # only for annotations: `briefbot ask` should not import the ingest path
    from langchain_core.documents import Document

    from briefbot.sources.articles import Article
    from briefbot.store.ingest import IngestReport, ProgressFn
    from briefbot.writing.timeline import Timeline


MAX_NEWS_CACHED = 5000
"""(story, since) results kept between index writes."""


class BriefBot:
    """Ingest articles, search them, and answer questions with cited evidence."""

    def __init__(self, settings: Settings | None = None, **overrides: Any) -> None:
        base = settings or Settings.load()
        self.settings = base.with_overrides(**overrides) if overrides else base
        self.index = Index(self.settings)
        self.retriever = HybridRetriever(
            index=self.index,
            k=self.settings.k,
            fetch_k=self.settings.fetch_k,
            mmr_lambda=self.settings.mmr_lambda,
        )
        self._chains: dict[str, Any] = {}
        self._stories: tuple[str, Any, list[Story]] | None = None
        self._news: dict[tuple[str, str], StoryNews] = {}
        """(story id, since) -> what is new in it, for the stories clustered in ``_news_of``."""
        self._news_of: list[Story] | None = None

    # ------------------------------------------------------------------ corpus
    def ingest(
        self,
        sources: Sequence[str | Path],
        *,
        prune: bool = False,
        progress: ProgressFn | None = None,
    ) -> IngestReport:
        """Add or update articles from files, folders, URLs and feeds (:meth:`load` + :meth:`write`).

        A bad source (missing file, malformed, blocked or unreachable URL) is reported in
        ``failed``; the other sources are still ingested.
        """
        return self.write(self.load(sources), prune=prune, progress=progress)

    def load(self, sources: Sequence[str | Path], *, progress: ProgressFn | None = None) -> LoadedBatch:
        """Read files and fetch URLs (safe fetcher) without touching the index or taking its lock."""
        return load_batch(sources, self.settings, progress=progress)

    def write(
        self, batch: LoadedBatch, *, prune: bool = False, progress: ProgressFn | None = None
    ) -> IngestReport:
        """Write a loaded batch under the index's cross-process writer lock."""
        return write_batch(self.index, batch, prune=prune, progress=progress)

    def stats(self) -> dict[str, Any]:
        """``{"articles": n, "chunks": n, "sources": {outlet: n}, "local_model": {...}}``.

        ``local_model``: calls the in-process model served, requests waiting for it now,
        and the mean and longest wait (see :func:`briefbot.writing.llm.local_model_stats`).
        """
        return {**self.index.stats(), "local_model": local_model_stats()}

    def articles(self) -> list[ArticleRecord]:
        """Every stored article's record, newest first."""
        return sorted(
            self.index.records().values(),
            key=lambda r: (r.published or "", r.id),
            reverse=True,
        )

    def article(self, article_id: str) -> Article | None:
        return self.index.get_article(article_id)

    def delete(self, article_ids: Sequence[str]) -> int:
        """Remove articles (and the reader's edits of them); returns how many chunks went with them."""
        removed = self.index.delete_articles(list(article_ids))
        self.index.edits.drop(article_ids)
        update_copies(self.index)  # a deleted original hands its group to the next copy
        return removed

    def update_article(
        self, article_id: str, *, source: str | None = None, published: str | None = None
    ) -> ArticleRecord:
        """Set a stored article's outlet (``source``) and/or date (``published``, ``YYYY-MM-DD``).

        The values are checked (:class:`briefbot.store.edits.EditError`, a ``ValueError``, says
        what is wrong), remembered in the index so that re-ingesting the same file or URL keeps
        them, and written into the article's record and every chunk (its stored vectors are
        reused).  Raises :class:`KeyError` when no article has ``article_id``.
        """
        edit = MetaEdit.checked(source, published)
        current = self.index.get_article(article_id)
        if current is None:
            raise KeyError(article_id)
        merged = (self.index.edits.get(article_id) or MetaEdit()).merged(edit)
        self.index.edits.put(article_id, merged)  # first: a crash before the rewrite is healed by re-ingest
        edited = merged.apply(current)
        if edited.content_hash != current.content_hash:
            relabel(self.index, edited)
            update_copies(self.index)  # the earliest copy of a group may have changed
        record = self.index.record(article_id)
        if record is None:  # deleted by another process meanwhile
            raise KeyError(article_id)
        return record

    def edit_of(self, article_id: str) -> MetaEdit | None:
        """The outlet/date the reader set for ``article_id`` (None: none)."""
        return self.index.edits.get(article_id)

    def restore(self, article: Article, edit: MetaEdit | None = None) -> IngestReport:
        """Put back an article removed by :meth:`delete` (its text and metadata as they were, same id)."""
        if edit is not None:
            self.index.edits.put(article.id, edit)
        return self.write(LoadedBatch(sources=[], articles=[article]))

    # ------------------------------------------------------------------ retrieval
    def search(
        self, query: str, k: int | None = None, filters: Filters | dict | None = None
    ) -> list[Document]:
        """Ranked chunks for ``query`` (retrieval only, no answer)."""
        return self.retriever.retrieve(query, Filters.parse(filters), k)

    # ------------------------------------------------------------------ answers
    def chain(self, backend: str | None = None) -> Any:
        """The :class:`~briefbot.writing.answer.AnswerChain` for ``backend`` (built once, then reused)."""
        name = backend or self.settings.backend
        if name not in self._chains:
            self._chains[name] = AnswerChain(
                self.retriever,
                make_composer(name, self.settings),
                max_evidence=self.settings.max_evidence,
                keep_unsupported=self.settings.keep_unsupported,
                llm_timeout_s=self.settings.llm_timeout_s,
                history_limits=HistoryLimits.of(self.settings),
            )
        return self._chains[name]

    def ask(
        self,
        question: str,
        history: Sequence[Any] | None = None,
        filters: Filters | dict | None = None,
        backend: str | None = None,
    ) -> Answer:
        """Answer ``question`` from the indexed articles, with verified citations."""
        return self.chain(backend).invoke(question, history, filters)

    def ask_stream(
        self,
        question: str,
        history: Sequence[Any] | None = None,
        filters: Filters | dict | None = None,
        backend: str | None = None,
    ) -> Iterator[str | Answer]:
        """Like :meth:`ask`, yielding text pieces first and the final :class:`Answer` last."""
        return self.chain(backend).stream(question, history, filters)

    # ------------------------------------------------------------------ summaries
    def summarize(self, article_id: str, backend: str | None = None) -> Summary:
        """Key points of one stored article, each citing the article's own sentences.

        Raises :class:`KeyError` when no article has ``article_id``.
        """
        composer = make_composer(backend or self.settings.backend, self.settings)
        return summarize_article(self.index, article_id, composer, llm_timeout_s=self.settings.llm_timeout_s)

    def brief(
        self, topic: str, filters: Filters | dict | None = None, backend: str | None = None,
        since: str | None = None, until: str | None = None,
    ) -> Summary:
        """A cited brief over every relevant article about ``topic`` (timeline, open questions).

        ``since`` (YYYY-MM-DD) adds what is new after that day; ``until`` leaves out articles
        published after that day (the brief as it stood then).  Together they are the
        date range a reader asks about: what changed between ``since`` and ``until``.
        """
        since, until = parse_day(since, "since"), parse_day(until, "until")
        if since and until and until < since:
            raise ValueError(f"until {until} is before since {since}: give the earlier day as since")
        if until:
            f = Filters.parse(filters)
            date_to = min(until, f.date_to) if f.date_to else until
            filters = {"sources": list(f.sources), "date_from": f.date_from, "date_to": date_to,
                       "article_ids": list(f.article_ids)}
        composer = make_composer(backend or self.settings.backend, self.settings)
        summary = build_brief(self.index, topic, filters, composer, llm_timeout_s=self.settings.llm_timeout_s,
                              since=since)
        if summary.timeline is None and summary.status != "insufficient_evidence" and topic.strip():
            summary.timeline = self.timeline(topic, filters)  # (build_brief numbers it with the brief's citations)
        return summary

    # ------------------------------------------------------------------ timelines
    def timeline(self, topic: str, filters: Filters | dict | None = None) -> Timeline:
        """Dated events about ``topic``, sorted by when they happened (not when reported)."""
        return build_timeline(self.index, topic, filters)

    # ------------------------------------------------------------------ stories
    def stories(self, query: str | None = None) -> list[Story]:
        """The collection's stories (articles grouped into events), most independent outlets first, then newest.

        Computed once per index write (generation and wire-copy tags), then reused: a page
        load on an unchanged index reads one metadata row.  ``query`` keeps the stories whose
        headline, names, outlets or titles contain every word of it.
        """
        generation, groups = self.index.generation(), self.index.copy_groups()
        cached = self._stories
        if cached is None or cached[0] != generation or cached[1] is not groups:
            # copy_groups() returns the same object until the generation or copies tag changes
            cached = (generation, groups, build_stories(self.index, groups))
            self._stories = cached
        found = cached[2]
        return [s for s in found if s.matches(query)] if query and query.strip() else list(found)

    def stories_since(self, since: str, query: str | None = None) -> list[StoryNews]:
        """What's new: every story (as :meth:`stories`) with its articles and facts after ``since``
        (YYYY-MM-DD), the stories with news first (most new articles first, then the usual order).

        A story's news is computed once per index write and ``since``.  A ``since`` that is not
        a real day raises ValueError with what to send instead.
        """
        day = parse_day(since, "since")
        if day is None:
            raise ValueError("since is empty: give a day as YYYY-MM-DD, e.g. 2025-10-24")
        found = self.stories(query)
        clustered = self._stories[2] if self._stories else None
        if self._news_of is not clustered:  # the index changed: the stories were clustered again
            self._news_of, self._news = clustered, {}
        if len(self._news) > MAX_NEWS_CACHED:  # many different days asked: start again
            self._news = {}
        for story in found:
            if (story.id, day) not in self._news:
                self._news[(story.id, day)] = story_news(self.index, story, day)
        out = [self._news[(s.id, day)] for s in found]
        return sorted(out, key=lambda n: -len(n.new_articles))  # stable: the usual order within
