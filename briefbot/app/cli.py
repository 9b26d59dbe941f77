"""``briefbot`` command line: a thin layer over :class:`briefbot.core.BriefBot`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from briefbot import _offline  # noqa: F401
from briefbot.app import remote
from briefbot.app.render import render_answer_terminal, render_summary_terminal, render_timeline_terminal
from briefbot.config import BACKENDS, ConfigError, Settings
from briefbot.evaluation.command import add_eval_parser, run_eval
from briefbot.schema import Answer, search_row
from briefbot.sources.durations import interval_words
from briefbot.sources.feeds import FeedError, describe, store_for, watch

Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, Handler] = {}

def command(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _COMMANDS[name] = fn
        return fn

    return register

def _settings(args: argparse.Namespace, **overrides: Any) -> Settings:
    return Settings.load(index_dir=getattr(args, "index", None), **overrides)


def _bot(args: argparse.Namespace, settings: Settings | None = None) -> Any:
    from briefbot.core import BriefBot  # heavy: torch, sentence-transformers, chromadb (seconds)

    return BriefBot(settings or _settings(args))


def _say(args: argparse.Namespace, message: str) -> None:
    """``--verbose``: which path answered, on stderr (stdout stays the answer)."""
    if getattr(args, "verbose", False):
        print(f"briefbot: {message}", file=sys.stderr)


def _remote() -> Any:

    return remote


def _via_server(args: argparse.Namespace, settings: Settings, call: Callable[[Any], Any]) -> Any | None:
    """``call(server)`` on a running ``briefbot serve`` for this index, or None to go in-process."""
    if args.no_server:
        _say(args, "in-process (--no-server)")
        return None
    remote = _remote()
    choice = remote.choose_server(settings)
    if choice.refused:  # the server asked for by name may be an impostor: never answer for it
        raise ValueError(f"{choice.reason}. Check --server and --index, or answer in-process with --no-server")
    if choice.server is None:
        if settings.server_url:  # asked for a server explicitly: say so even without --verbose
            print(f"briefbot: warning: {choice.reason}; answering in-process", file=sys.stderr)
        else:
            _say(args, f"in-process ({choice.reason})")
        return None
    try:
        result = call(choice.server)
    except remote.ServerUnavailable as exc:
        _say(args, f"in-process ({exc})")
        return None
    _say(args, f"answered by {choice.reason}")
    return result


def _print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))

# ---------------------------------------------------------------------- ingest
@command("ingest")
def cmd_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    bot = _bot(args)
    bar = None
    if not args.json:
        bar = tqdm(desc="ingest", unit="article", file=sys.stderr, dynamic_ncols=True)

    def progress(done: int, origin: str) -> None:
        if bar is not None:
            bar.update(done - bar.n)
            bar.set_postfix_str(origin[-40:], refresh=False)

    report = bot.ingest(args.sources, prune=args.prune, progress=progress)
    if bar is not None:
        bar.close()
    result = report.to_dict()
    if args.json:
        _print_json(result)
    else:
        print(
            f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
            f"removed {report.removed}; {report.chunks} chunks written"
        )
        stats = bot.stats()
        print(f"index: {stats['articles']} articles, {stats['chunks']} chunks")
        if report.failed:
            print(f"{len(report.failed)} input(s) skipped:")
            for failure in report.failed:
                print(f"  {failure.source}: {failure.error}")
    if args.strict and report.failed:
        return 1
    return 0

@command("stats")
def cmd_stats(args: argparse.Namespace) -> int:
    stats = _bot(args).stats()
    if args.json:
        _print_json(stats)
    else:
        print(f"{stats['articles']} articles, {stats['chunks']} chunks")
        for source, n in stats["sources"].items():
            print(f"  {source}: {n}")
    return 0

@command("search")
def cmd_search(args: argparse.Namespace) -> int:
    settings = _settings(args, server_url=args.server)
    filters = _filters(args)
    rows = _via_server(args, settings, lambda server: _remote().search(server, args.query, k=args.k, filters=filters))
    if rows is None:

        docs = _bot(args, settings).search(args.query, k=args.k, filters=filters)
        rows = [search_row(doc, rank) for rank, doc in enumerate(docs, start=1)]
    if args.json:
        _print_json(rows)
        return 0
    if not rows:
        print("no matching chunks (is the index empty? run `briefbot ingest corpus/`)")
    for row in rows:
        dense = "-" if row["dense_score"] is None else f"{row['dense_score']:.3f}"
        bm25 = "-" if row["bm25_score"] is None else f"{row['bm25_score']:.2f}"
        print(
            f"{row['rank']:>2}. [{row['score']:.4f} dense={dense} bm25={bm25}] "
            f"{row['title']} — {row['source']} {row['published'] or ''}"
        )
        snippet = row["text"].replace("\n", " ")
        print(f"    {snippet[:220]}{'…' if len(snippet) > 220 else ''}")
    return 0

@command("ask")
def cmd_ask(args: argparse.Namespace) -> int:
    settings = _settings(args, server_url=args.server)
    filters = _filters(args)
    data = _via_server(args, settings, lambda server: _remote().ask(
        server, args.question, filters=filters, backend=args.backend, llm_timeout_s=settings.llm_timeout_s))
    answer = None
    if data is None:  # in-process: keep the Answer itself (its notes are not in the JSON)
        answer = _bot(args, settings).ask(args.question, filters=filters, backend=args.backend)
        data = answer.to_dict()
    if args.json:
        _print_json(data)
        return 0

    answer = answer or Answer.from_dict(data)
    for reason in answer.reasons:  # the status rules' own words: for developers only
        _say(args, f"status rule: {reason}")
    print(render_answer_terminal(answer))
    return 0


@command("serve")
def cmd_serve(args: argparse.Namespace) -> int:
    from briefbot.app.server import serve  # heavy: gradio, uvicorn (only `serve` needs the web app)

    settings = Settings.load(index_dir=getattr(args, "index", None), host=args.host, port=args.port)
    serve(settings, ingest=args.ingest or (), watch=not args.no_watch)
    return 0


@command("summarize")
def cmd_summarize(args: argparse.Namespace) -> int:
    bot = _bot(args)
    try:
        summary = bot.summarize(args.article_id, backend=args.backend)
    except KeyError as exc:
        print(f"briefbot: error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    return _print_summary(summary, args.json)


@command("brief")
def cmd_brief(args: argparse.Namespace) -> int:
    extra = {k: v for k, v in (("since", args.since), ("until", args.until)) if v}
    summary = _bot(args).brief(args.topic, filters=_filters(args), backend=args.backend, **extra)
    return _print_summary(summary, args.json)


@command("timeline")
def cmd_timeline(args: argparse.Namespace) -> int:
    timeline = _bot(args).timeline(args.topic, filters=_filters(args))
    if args.json:
        _print_json(timeline.to_dict())
        return 0

    print(render_timeline_terminal(timeline))
    return 0


def render_stories_terminal(stories: Sequence[Any]) -> str:
    """One block per story: headline, dates and outlets, a disagreement, suggested questions."""
    if not stories:
        return "No stories yet: ingest some articles first (briefbot ingest PATH_OR_URL)."
    out: list[str] = []
    for s in stories:
        dates = s.date_from if s.date_from == s.date_to else f"{s.date_from} to {s.date_to}"
        n = len(s.articles)
        out.append(s.headline)
        out.append(f"  {dates or 'undated'} · {n} article{'s' if n != 1 else ''} · "
                   f"{s.independent_outlets} independent outlet{'s' if s.independent_outlets != 1 else ''}: "
                   f"{', '.join(s.outlets)}")
        if s.disagreement is not None:
            out.append("  Sources disagree: " + " / ".join(f"{d.outlet}: \"{d.text}\"" for d in s.disagreement.sides))
        for q in s.questions:
            out.append(f"  ? {q}")
        out.append("")
    return "\n".join(out).rstrip()


def render_news_terminal(news: Sequence[Any]) -> str:
    """What's new per story: the stories with new articles, each with its new facts."""
    fresh = [n for n in news if n.has_news]
    since = news[0].since if news else ""
    if not fresh:
        return f"Nothing new since {since}." if news else render_stories_terminal([])
    out: list[str] = []
    for n in fresh:
        k = len(n.new_articles)
        out.append(n.story.headline)
        out.append(f"  {k} new article{'s' if k != 1 else ''} since {since}: " +
                   "; ".join(f"{a.title} ({a.source}, {a.published})" for a in n.new_articles))
        out += [f"  + {f.text} ({f.source}, {f.published})" for f in n.new_facts]
        out.append("")
    quiet = len(news) - len(fresh)
    if quiet:
        out.append(f"{quiet} other stor{'ies have' if quiet != 1 else 'y has'} nothing new since {since}.")
    return "\n".join(out).rstrip()


@command("stories")
def cmd_stories(args: argparse.Namespace) -> int:
    if args.since:
        news = _bot(args).stories_since(args.since, args.query)
        if args.json:
            _print_json({"stories": [n.to_dict() for n in news], "total": len(news), "since": args.since})
        else:
            print(render_news_terminal(news))
        return 0
    found = _bot(args).stories(args.query)
    if args.json:
        _print_json({"stories": [s.to_dict() for s in found], "total": len(found)})
        return 0
    print(render_stories_terminal(found))
    return 0


@command("feeds")
def cmd_feeds(args: argparse.Namespace) -> int:

    settings = Settings.load(index_dir=getattr(args, "index", None))
    store = store_for(settings)
    try:
        if args.feeds_command == "add":
            feed = store.add(args.url, args.every)
            print(f"following {feed.url} {interval_words(feed.every_s)} (polled while `briefbot serve` runs, "
                  "or by `briefbot watch`)")
        elif args.feeds_command == "remove":
            if not store.remove(args.url):
                print(f"briefbot: error: not following {args.url} (see `briefbot feeds list`)", file=sys.stderr)
                return 2
            print(f"stopped following {args.url} (its articles stay in the index)")
        else:
            feeds = store.list()
            if args.json:
                _print_json([f.to_dict() for f in feeds])
            elif not feeds:
                print("no followed feeds (add one with `briefbot feeds add URL`)")
            for feed in [] if args.json else feeds:
                print(describe(feed))
    except FeedError as exc:
        print(f"briefbot: error: {exc}", file=sys.stderr)
        return 2
    return 0


@command("watch")
def cmd_watch(args: argparse.Namespace) -> int:

    bot = _bot(args)
    store = store_for(bot.settings)
    if not store.list():
        print("briefbot: error: no followed feeds (add one with `briefbot feeds add URL`)", file=sys.stderr)
        return 2
    polled: list[Any] = []

    def report(feed: Any) -> None:
        polled.append(feed)
        if not args.json:
            print(describe(feed), flush=True)

    watch(store, bot.settings, bot.write, once=args.once, on_poll=report)
    if args.json:
        _print_json([f.to_dict() for f in polled])
    return 0


@command("eval")
def cmd_eval(args: argparse.Namespace) -> int:

    return run_eval(args)


def _print_summary(summary: Any, as_json: bool) -> int:
    if as_json:
        _print_json(summary.to_dict())
    else:

        print(render_summary_terminal(summary))
    return 0


def _filters(args: argparse.Namespace) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    if getattr(args, "source", None):
        out["sources"] = args.source
    if getattr(args, "date_from", None):
        out["date_from"] = args.date_from
    if getattr(args, "date_to", None):
        out["date_to"] = args.date_to
    return out or None

# ---------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefbot",
        description="Cited, uncertainty-aware answers over your news articles.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, json_flag: bool = True) -> None:
        p.add_argument("--index", metavar="DIR", help="index directory (default .briefbot)")
        if json_flag:
            p.add_argument("--json", action="store_true", help="print JSON only")

    def filters(p: argparse.ArgumentParser) -> None:
        p.add_argument("--source", action="append", help="only this outlet (repeatable)")
        p.add_argument("--date-from", metavar="YYYY-MM-DD")
        p.add_argument("--date-to", metavar="YYYY-MM-DD")

    p = sub.add_parser("ingest", help="add or update articles from paths, URLs or feeds")
    p.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--prune", action="store_true", help="remove articles whose source is gone")
    p.add_argument("--strict", action="store_true", help="exit 1 if any input failed")
    common(p)

    p = sub.add_parser("stats", help="articles, chunks and outlets in the index")
    common(p)

    def via_server(p: argparse.ArgumentParser) -> None:
        p.add_argument("--server", metavar="URL",
                       help="a running `briefbot serve` to answer from (default: BRIEFBOT_SERVER, else one on "
                            "127.0.0.1:<port> serving the same index, else in-process)")
        p.add_argument("--no-server", action="store_true", help="always answer in-process")
        p.add_argument("--verbose", action="store_true", help="say on stderr which path answered")

    p = sub.add_parser("search", help="ranked chunks for a query (retrieval only)")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=6)
    filters(p)
    via_server(p)
    common(p)

    p = sub.add_parser("ask", help="answer a question with cited evidence")
    p.add_argument("question")
    p.add_argument("--backend", choices=BACKENDS, help="composer (default: settings.backend)")
    filters(p)
    via_server(p)
    common(p)

    p = sub.add_parser("serve", help="web UI + HTTP API (default http://127.0.0.1:7860/)")
    p.add_argument("--host", help="address to bind (default 127.0.0.1; others need BRIEFBOT_AUTH + API token)")
    p.add_argument("--port", type=int, help="port (default 7860)")
    p.add_argument("--ingest", nargs="+", action="extend", metavar="PATH_OR_URL", help="ingest these first")
    p.add_argument("--no-watch", action="store_true",
                   help="do not poll the followed feeds while serving (by default they are polled when due)")
    p.add_argument("--watch", action="store_true", help=argparse.SUPPRESS)  # the default now; kept for old scripts
    common(p, json_flag=False)

    p = sub.add_parser("summarize", help="cited key points of one article")
    p.add_argument("article_id")
    p.add_argument("--backend", choices=BACKENDS, help="composer (default: settings.backend)")
    common(p)

    p = sub.add_parser("brief", help="cited brief over every relevant article about a topic")
    p.add_argument("topic")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="also list what is new after this date")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="leave out articles published after this date")
    p.add_argument("--backend", choices=BACKENDS, help="composer (default: settings.backend)")
    filters(p)
    common(p)

    p = sub.add_parser("stories", help="the collection's stories: articles grouped into events")
    p.add_argument("query", nargs="?", help="keep stories whose headline, names or outlets contain these words")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="what is new in each story after this date")
    common(p)

    p = sub.add_parser("feeds", help="follow RSS/Atom feeds: add, list, remove")
    feeds = p.add_subparsers(dest="feeds_command", required=True)
    f = feeds.add_parser("add", help="follow a feed (polled by `briefbot serve` and `briefbot watch`)")
    f.add_argument("url")
    f.add_argument("--every", default="15m", help="poll interval, e.g. 30s, 15m, 1h (default 15m)")
    common(f, json_flag=False)
    f = feeds.add_parser("list", help="followed feeds with last_fetch, last_status, new_entries, next_fetch, error")
    common(f)
    f = feeds.add_parser("remove", help="stop following a feed (its articles stay)")
    f.add_argument("url")
    common(f, json_flag=False)

    p = sub.add_parser("watch", help="poll the followed feeds and ingest new or changed entries")
    p.add_argument("--once", action="store_true", help="poll every feed once now, then exit")
    common(p)

    p = sub.add_parser("timeline", help="dated events about a topic, by when they happened")
    p.add_argument("topic")
    filters(p)
    common(p)


    add_eval_parser(sub, common)

    for extra in _EXTRA_PARSERS:
        extra(sub, common, filters)
    return parser

_EXTRA_PARSERS: list[Callable[..., None]] = []


# ---------------------------------------------------------------------- articles
@command("articles")
def cmd_articles(args: argparse.Namespace) -> int:
    """``articles list`` (id, outlet, date, title) and ``articles edit ID --outlet --date``."""
    bot = _bot(args)
    if args.articles_command == "edit":
        if args.outlet is None and args.date is None:
            print("briefbot: error: give --outlet, --date or both", file=sys.stderr)
            return 2
        try:
            record = bot.update_article(args.article_id, source=args.outlet, published=args.date)
        except KeyError:
            print(f"briefbot: error: no article {args.article_id!r} (see `briefbot articles list`)", file=sys.stderr)
            return 2
        if args.json:
            _print_json(record.to_dict())
        else:
            print(f"{record.id}: outlet {record.source or '(unknown)'}, date {record.published or '(unknown)'} "
                  "(kept when the article is ingested again)")
        return 0
    rows = bot.articles()
    if args.json:
        _print_json([r.to_dict() for r in rows])
        return 0
    for r in rows:
        print(f"{r.id}\t{r.source or '(unknown)'}\t{r.published or '(no date)'}\t{r.title}")
    return 0


def _articles_parser(sub: Any, common: Callable[..., None], _filters: Callable[..., None]) -> None:
    p = sub.add_parser("articles", help="list stored articles; edit an article's outlet and date")
    arts = p.add_subparsers(dest="articles_command", required=True)
    common(arts.add_parser("list", help="id, outlet, date and title of every stored article, newest first"))
    e = arts.add_parser("edit", help="set an article's outlet and/or date (kept when it is ingested again)")
    e.add_argument("article_id", metavar="ID")
    e.add_argument("--outlet", help="the outlet's name, e.g. 'Lakeside Courier'")
    e.add_argument("--date", metavar="YYYY-MM-DD", help="the publication date")
    common(e)


_EXTRA_PARSERS.append(_articles_parser)

def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except (ConfigError, ValueError) as exc:
        print(f"briefbot: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except RuntimeError as exc:
        print(f"briefbot: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
