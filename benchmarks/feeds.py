"""Polling a big followed feed: what a poll costs when nothing (or one entry) is new.

    .venv/bin/python benchmarks/feeds.py [--entries 10000] [--polls 3] [--churn] [--html] [--json]

A feed of ``--entries`` RSS items is served from 127.0.0.1 without ETag or
Last-Modified, so every poll downloads the whole document (a 200, the worst case for a
conditional GET); with ``--churn`` each poll finds one new entry, so no poll can skip
parsing.  The same :class:`~briefbot.sources.feeds.Feed` is polled ``--polls`` times with
:func:`briefbot.sources.feeds.poll` (fetch, parse, pick the new or changed entries);
nothing is written to an index, so the figures are the poll's own cost.  Printed per
poll: seconds, articles handed to the writer ("rebuilt": after the first poll only the
new entries should be), and entries remembered.  Issue 21, N15.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from briefbot.config import Settings  # noqa: E402
from briefbot.sources.feeds import Feed, poll  # noqa: E402


def feed_body(entries: int, html: bool = False, first: int = 0) -> bytes:
    para = "&lt;p&gt;{}&lt;/p&gt;" if html else "{}"
    items = "".join(
        f"<item><title>Harbour report number {n}</title><guid>urn:bench:{n}</guid>"
        f"<link>https://example.org/a/{n}</link><pubDate>Tue, 21 Oct 2025 08:00:00 GMT</pubDate>"
        "<description>" + para.format(f"The harbour board met for the {n}th time on Monday and approved "
                                      f"timetable {n} after talks with the crews, its chair said.") +
        "</description></item>"
        for n in reversed(range(first, first + entries))
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench Wire</title>'
            f"<link>https://example.org/</link><description>bench</description>{items}</channel></rss>").encode()


def serve(make_body: Any) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = make_body()
            self.send_response(200)  # no validators: every poll downloads the feed
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/feed.rss"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--polls", type=int, default=3)
    parser.add_argument("--html", action="store_true",
                        help="HTML descriptions (each new entry then pays trafilatura's HTML-to-text)")
    parser.add_argument("--churn", action="store_true",
                        help="each poll finds one new entry (the newest pushes the oldest out), so no poll "
                             "can skip parsing")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    served = [0]

    def make_body() -> bytes:
        """The feed; with ``--churn`` one entry newer per request (so each poll must parse)."""
        served[0] += 1
        first = served[0] if args.churn else 0
        return feed_body(args.entries, html=args.html, first=first)

    body = feed_body(args.entries, html=args.html)
    server, url = serve(make_body)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(index_dir=Path(tmp), allow_private_urls=True, max_file_mb=200)
            feed = Feed(url=url)
            for n in range(1, args.polls + 1):
                started = time.perf_counter()
                result = poll(feed, settings)
                seconds = time.perf_counter() - started
                rows.append({"poll": n, "seconds": round(seconds, 2), "rebuilt": len(result.articles),
                             "failed": len(result.failed), "seen": len(feed.seen), "status": feed.last_status})
                if not args.json:
                    print(f"  poll {n}: {seconds:.2f} s, {len(result.articles)} rebuilt", file=sys.stderr, flush=True)
    finally:
        server.shutdown()
        server.server_close()
    if args.json:
        print(json.dumps({"entries": args.entries, "feed_mb": round(len(body) / 1e6, 2), "polls": rows}, indent=1))
        return 0
    kind = "HTML" if args.html else "plain-text"
    churn = ", one new entry per poll" if args.churn else ", unchanged"
    print(f"feed: {args.entries} entries ({kind} descriptions), {len(body) / 1e6:.1f} MB, "
          f"served without validators (200 every poll){churn}")
    print(f"{'poll':>4} {'seconds':>8} {'rebuilt':>8} {'seen':>6} status")
    for r in rows:
        print(f"{r['poll']:>4} {r['seconds']:>8.2f} {r['rebuilt']:>8} {r['seen']:>6} {r['status']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
