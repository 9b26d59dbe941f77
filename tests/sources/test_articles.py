"""Loaders: every format, every kind of bad input, URLs and feeds from a local server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefbot.sources.articles import (
    Article,
    LoadFailure,
    load_file,
    load_sources,
    load_url,
    normalize_date,
)

MB = 1_000_000

MARKDOWN = """---
id: port-strike-day-8
title: "Harbour cranes idle as port strike enters second week"
source: Coastal Courier
published: 2024-03-05
url: https://example.org/coastal/port-strike
author: Mira Jansen
---
Dock workers at the port of Easthaven stayed off the job for an eighth straight day.

The union said talks with the U.S. owned operator had stalled over pay.
"""

HTML = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour cranes idle as port strike enters second week - Coastal Courier</title>
<meta property="og:title" content="Harbour cranes idle as port strike enters second week">
<meta property="og:site_name" content="Coastal Courier">
<meta name="author" content="Mira Jansen">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Harbour cranes idle as port strike enters second week</h1>
<p>Dock workers at the port of Easthaven stayed off the job for an eighth straight day on
Tuesday, leaving container cranes idle and ships waiting at anchor outside the harbour.</p>
<p>The union representing the workers said talks with the port authority had stalled over
pay and shift patterns. A spokesperson for the authority said it remained open to further
negotiations but gave no date for a new meeting.</p>
<p>Shipping agents estimated that more than forty vessels were affected. Several carriers
have begun diverting cargo to smaller ports along the coast, according to a trade
association.</p>
</article>
<footer>Copyright Coastal Courier</footer>
</body></html>
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Valley Gazette</title>
  <link>https://example.org/valley</link>
  <description>Local news</description>
  <item>
    <title>Bridge repairs to close the river crossing in May</title>
    <link>https://example.org/valley/bridge-repairs</link>
    <guid>valley-1</guid>
    <pubDate>Tue, 02 Apr 2024 09:30:00 GMT</pubDate>
    <author>desk@example.org (Ana Ortiz)</author>
    <content:encoded><![CDATA[<p>The council said the old river bridge will close for
    six weeks from May while engineers replace its bearings.</p><p>Buses will use the
    northern crossing instead, the transport office said.</p>]]></content:encoded>
  </item>
  <item>
    <title>Library extends weekend opening hours</title>
    <link>https://example.org/valley/library-hours</link>
    <guid>valley-2</guid>
    <pubDate>Wed, 03 Apr 2024 12:00:00 GMT</pubDate>
    <description>The central library will open on Sundays from next month,
    the city said.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Northern Wire</title>
  <id>urn:example:northern-wire</id>
  <updated>2024-05-01T10:00:00Z</updated>
  <entry>
    <title>Ferry timetable changes for summer</title>
    <id>urn:example:northern-wire:1</id>
    <link href="https://example.org/northern/ferry"/>
    <updated>2024-05-01T10:00:00Z</updated>
    <author><name>Lee Park</name></author>
    <content type="html">&lt;p&gt;Ferries to the islands will run every hour from June,
    the operator said on Wednesday.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def only(items: list) -> Article:
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


def failure(items: list) -> LoadFailure:
    assert len(items) == 1, items
    assert isinstance(items[0], LoadFailure), items[0]
    return items[0]


# ---------------------------------------------------------------------- file formats
def test_markdown_front_matter_fields(tmp_path: Path) -> None:
    path = tmp_path / "whatever-name.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    art = only(list(load_file(path, MB)))
    assert art.id == "port-strike-day-8"  # front-matter id beats the file name
    assert art.title == "Harbour cranes idle as port strike enters second week"
    assert art.source == "Coastal Courier"
    assert art.published == "2024-03-05"
    assert art.url == "https://example.org/coastal/port-strike"
    assert art.author == "Mira Jansen"
    assert art.origin == str(path)
    assert art.text.startswith("Dock workers at the port of Easthaven")
    assert art.text.endswith("stalled over pay.")
    assert "---" not in art.text and "title:" not in art.text


def test_markdown_without_front_matter_uses_file_name_and_heading(tmp_path: Path) -> None:
    path = tmp_path / "no-meta.md"
    path.write_text("# A heading title\n\nBody sentence one. Body sentence two.\n")
    art = only(list(load_file(path, MB)))
    assert art.id == "no-meta"
    assert art.title == "A heading title"
    assert art.text == "Body sentence one. Body sentence two."
    assert art.source == "" and art.published is None and art.url is None


def test_markdown_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes(("\ufeff" + MARKDOWN).replace("\n", "\r\n").encode("utf-8"))
    art = only(list(load_file(path, MB)))
    assert art.id == "port-strike-day-8"
    assert "\r" not in art.text


def test_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "council-vote.txt"
    path.write_text("Council approves budget\n\nThe council approved the budget on Monday.\n")
    art = only(list(load_file(path, MB)))
    assert art.id == "council-vote"
    assert art.title == "Council approves budget"
    assert art.text == "The council approved the budget on Monday."


def test_plain_text_single_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Just one line of text about the weather.")
    art = only(list(load_file(path, MB)))
    assert art.text == "Just one line of text about the weather."
    assert art.title == art.text


def test_html_via_trafilatura(tmp_path: Path) -> None:
    path = tmp_path / "port-strike.html"
    path.write_text(HTML, encoding="utf-8")
    art = only(list(load_file(path, MB)))
    assert art.id == "port-strike"
    assert art.title == "Harbour cranes idle as port strike enters second week"
    assert art.source == "Coastal Courier"
    assert art.author == "Mira Jansen"
    assert art.published == "2024-03-05"
    assert "more than forty vessels were affected" in art.text
    assert "Home" not in art.text and "Copyright" not in art.text  # boilerplate removed


def test_json_object_and_list(tmp_path: Path) -> None:
    single = tmp_path / "single.json"
    single.write_text(json.dumps({"id": "a1", "title": "T", "text": "Some text here."}))
    art = only(list(load_file(single, MB)))
    assert (art.id, art.title, art.text) == ("a1", "T", "Some text here.")

    many = tmp_path / "many.json"
    many.write_text(
        json.dumps(
            [
                {"doc_id": "d1", "title": "One", "body": "Body one.", "published_at": "2023-12-18"},
                {"title": "Two", "text": "Body two.", "author": ["A. B.", "C. D."]},
                {"title": "No text"},
            ]
        )
    )
    items = list(load_file(many, MB))
    arts = [i for i in items if isinstance(i, Article)]
    fails = [i for i in items if isinstance(i, LoadFailure)]
    assert [a.id for a in arts] == ["d1", "many-1"]
    assert arts[0].text == "Body one." and arts[0].published == "2023-12-18"
    assert arts[1].author == "A. B., C. D."
    assert len(fails) == 1
    assert fails[0].source == f"{many}[2]" and "no text" in fails[0].error
    assert fails[0].file == str(many)


def test_jsonl_field_aliases_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {
                "doc_id": "x-1",
                "title": "First",
                "source": "Wire",
                "published_at": "2023-11-02T10:00:00+00:00",
                "url": "https://example.org/x1",
                "author": "Kim",
                "body": "Body of the first article.",
            }
        ),
        "",
        "{not json",
        json.dumps({"id": "x-3", "title": "Third", "text": 42}),
        json.dumps({"id": "x-4", "title": "Fourth", "text": "Body four."}),
        json.dumps(["a", "list"]),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(load_file(path, MB))
    arts = {i.id: i for i in items if isinstance(i, Article)}
    fails = {f.source: f.error for f in items if isinstance(f, LoadFailure)}
    assert set(arts) == {"x-1", "x-4"}
    first = arts["x-1"]
    assert (first.source, first.published, first.url, first.author) == (
        "Wire",
        "2023-11-02",
        "https://example.org/x1",
        "Kim",
    )
    assert first.text == "Body of the first article."
    assert set(fails) == {f"{path}:3", f"{path}:4", f"{path}:6"}
    assert "invalid JSON" in fails[f"{path}:3"]
    assert "'text' must be a string" in fails[f"{path}:4"]
    assert "JSON object" in fails[f"{path}:6"]


def test_multihop_rag_articles_load_as_is(multihop_articles: Path) -> None:
    items = list(load_sources([multihop_articles]))
    fails = [i for i in items if isinstance(i, LoadFailure)]
    arts = [i for i in items if isinstance(i, Article)]
    assert fails == []
    assert len(arts) == 307
    raw = [json.loads(line) for line in multihop_articles.read_text().splitlines() if line]
    assert [a.id for a in arts] == [r["doc_id"] for r in raw]
    for art, rec in zip(arts, raw, strict=True):
        assert art.title == rec["title"].strip()
        assert art.source == (rec["source"] or "").strip()
        assert art.url == (rec["url"] or None)
        assert art.published == ((rec["published_at"] or "")[:10] or None)
        assert art.text == rec["text"].replace("\ufeff", "").strip()
    assert sum(bool(a.source) for a in arts) == 210  # distractors have no metadata
    assert sum(bool(a.published) for a in arts) == 210


def test_bundled_corpus_loads(corpus_dir: Path) -> None:
    items = list(load_sources([corpus_dir]))
    assert all(isinstance(i, Article) for i in items), [
        i for i in items if isinstance(i, LoadFailure)
    ]
    md_files = [p for p in corpus_dir.glob("*.md") if p.name.lower() != "readme.md"]
    assert len(items) == len(md_files) == 19
    for art in items:
        assert art.id == Path(art.origin).stem
        assert art.title and art.source and art.published and art.url and art.author


# ---------------------------------------------------------------------- bad input
BAD_INPUTS = {
    "empty.md": (b"", "empty file"),
    "blank.txt": (b"  \n\n\t \n", "empty file"),
    "image.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" + bytes(range(256)), "binary"),
    "latin1.txt": (
        "Caf\u00e9 au lait co\u00fbte cher \u00e0 Z\u00fcrich.".encode("latin-1"),
        "UTF-8",
    ),
    "unclosed.md": (b"---\ntitle: Never closed\n\nBody text.\n", "never closed"),
    "badyaml.md": (b"---\ntitle: [unbalanced\nsource: x\n---\nBody text.\n", "not valid YAML"),
    "listmeta.md": (b"---\n- a\n- b\n---\nBody text.\n", "YAML mapping"),
    "nobody.md": (b"---\ntitle: Only metadata\n---\n\n", "no text"),
    "scan.pdf": (b"%PDF-1.4 some text", "unsupported file type .pdf"),
    "broken.json": (b'{"id": "x", "text": ', "invalid JSON"),
    "huge.txt": (b"Word " * 400_000, "over the"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_reported_with_path_and_reason(tmp_path: Path, name: str) -> None:
    data, reason = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    fail = failure(list(load_file(path, MB)))
    assert fail.source == str(path)
    assert reason in fail.error, fail.error


def test_bad_yaml_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "badyaml.md"
    path.write_text("---\ntitle: ok\nsource: [unbalanced\n---\nBody.\n")
    fail = failure(list(load_file(path, MB)))
    assert "line" in fail.error


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    fail = failure(list(load_sources([missing])))
    assert fail.source == str(missing) and "no such file" in fail.error


def test_directory_mixes_good_and_bad(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.md").write_text(MARKDOWN)
    (folder / "sub" / "other.txt").write_text("Title\n\nA second good article.")
    (folder / "README.md").write_text("not an article")
    (folder / ".hidden.md").write_text("# hidden\n\nskipped")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.md").write_text("# hidden\n\nskipped")
    for name in ("empty.md", "latin1.txt", "unclosed.md"):
        (folder / name).write_bytes(BAD_INPUTS[name][0])
    items = list(load_sources([folder]))
    arts = sorted(i.id for i in items if isinstance(i, Article))
    fails = sorted(Path(i.source).name for i in items if isinstance(i, LoadFailure))
    assert arts == ["other", "port-strike-day-8"]
    assert fails == ["empty.md", "latin1.txt", "unclosed.md"]


def test_duplicate_ids_first_wins(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(MARKDOWN)
    (tmp_path / "b.md").write_text(MARKDOWN.replace("eighth", "ninth"))
    items = list(load_sources([tmp_path]))
    assert isinstance(items[0], Article) and items[0].origin.endswith("a.md")
    assert isinstance(items[1], LoadFailure)
    assert items[1].source.endswith("b.md") and "duplicate article id" in items[1].error


# ---------------------------------------------------------------------- metadata helpers
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2023-12-18T21:00:03+00:00", "2023-12-18"),
        ("5 March 2024", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("Tue, 02 Apr 2024 09:30:00 GMT", "2024-04-02"),
        ("2024-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(value: str | None, expected: str | None) -> None:
    assert normalize_date(value) == expected


def test_content_hash_covers_stored_fields_not_origin() -> None:
    base = Article(id="a", title="T", text="Body.", source="S", origin="x.md")
    assert base.content_hash == Article(id="a", title="T", text="Body.", source="S").content_hash
    for change in (
        {"title": "T2"},
        {"text": "Body!"},
        {"source": "S2"},
        {"url": "u"},
        {"published": "2024-01-01"},
        {"author": "Z"},
    ):
        other = Article(**{**base.to_dict(), **change})
        assert other.content_hash != base.content_hash, change


# ---------------------------------------------------------------------- URLs and feeds
# The local test server is on 127.0.0.1, so these tests opt in with allow_private=True.
def test_url_html_page(http_server) -> None:
    url = http_server.add("news/port-strike.html", HTML)
    first = only(list(load_url(url, MB, 5, allow_private=True)))
    again = only(list(load_url(url, MB, 5, allow_private=True)))
    assert first.id == again.id  # stable id for the same URL
    assert first.url == url and first.origin == url
    assert first.title == "Harbour cranes idle as port strike enters second week"
    assert "more than forty vessels" in first.text


def test_url_plain_text(http_server) -> None:
    url = http_server.add("notes/brief.txt", "Short brief\n\nA plain text brief served over HTTP.")
    art = only(list(load_sources([url], allow_private=True)))
    assert art.title == "Short brief"
    assert art.text == "A plain text brief served over HTTP."
    assert art.url == url


def test_url_rss_feed(http_server) -> None:
    url = http_server.add("valley.rss", RSS)
    items = list(load_sources([url], allow_private=True))
    assert all(isinstance(i, Article) for i in items), items
    by_url = {a.url: a for a in items}
    assert set(by_url) == {
        "https://example.org/valley/bridge-repairs",
        "https://example.org/valley/library-hours",
    }
    bridge = by_url["https://example.org/valley/bridge-repairs"]
    assert bridge.title == "Bridge repairs to close the river crossing in May"
    assert bridge.source == "Valley Gazette"
    assert bridge.published == "2024-04-02"
    assert bridge.origin == url
    assert "replace its bearings" in bridge.text and "<p>" not in bridge.text
    assert "northern crossing" in bridge.text
    library = by_url["https://example.org/valley/library-hours"]
    expected = "The central library will open on Sundays from next month, the city said."
    assert " ".join(library.text.split()) == expected
    # ids are stable across fetches and distinct per entry
    assert sorted(a.id for a in load_sources([url], allow_private=True)) == sorted(a.id for a in items)
    assert len({a.id for a in items}) == 2


def test_url_atom_feed_and_feed_file(http_server, tmp_path: Path) -> None:
    url = http_server.add("northern.atom", ATOM)
    art = only(list(load_sources([url], allow_private=True)))
    assert art.title == "Ferry timetable changes for summer"
    assert art.source == "Northern Wire"
    assert art.author == "Lee Park"
    assert art.published == "2024-05-01"
    assert art.url == "https://example.org/northern/ferry"
    assert "every hour from June" in art.text
    # the same feed as a local file
    path = tmp_path / "northern.xml"
    path.write_text(ATOM)
    local = only(list(load_sources([path])))
    assert (local.title, local.text) == (art.title, art.text)


def test_url_feed_served_as_plain_xml_without_type_hint(http_server) -> None:
    url = http_server.add("feed", RSS)  # no extension: application/octet-stream
    items = list(load_sources([url], allow_private=True))
    assert len(items) == 2 and all(isinstance(i, Article) for i in items)


def test_url_failures(http_server, closed_port: int) -> None:
    missing = http_server.url("missing.html")
    assert "HTTP 404" in failure(list(load_url(missing, MB, 5, allow_private=True))).error

    big = http_server.add("big.txt", "word " * 50_000)
    fail = failure(list(load_url(big, 10_000, 5, allow_private=True)))
    assert fail.source == big and "limit" in fail.error

    empty = http_server.add("empty.txt", "")
    assert "empty" in failure(list(load_url(empty, MB, 5, allow_private=True))).error

    dead = f"http://127.0.0.1:{closed_port}/article.html"
    fail = failure(list(load_sources([dead], timeout_s=5, allow_private=True)))
    assert fail.source == dead and "unreachable" in fail.error

    empty_feed = http_server.add(
        "empty.rss", '<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>'
    )
    assert "no entries" in failure(list(load_url(empty_feed, MB, 5, allow_private=True))).error


def test_url_on_loopback_is_refused_by_default(http_server) -> None:
    """Finding 2 (SSRF): without allow_private the fetcher never reaches 127.0.0.1."""
    url = http_server.add("secret.txt", "Admin password\n\nThe password is hunter2.")
    fail = failure(list(load_url(url, MB, 5)))
    assert fail.source == url and "allow_private_urls" in fail.error
    assert failure(list(load_sources([url]))).source == url


def test_malformed_url_is_one_failure_among_good_sources(http_server, tmp_path: Path) -> None:
    """Finding 7: ``http://[::1`` becomes a failure; the other sources still load."""
    page = http_server.add("notes/brief.txt", "Short brief\n\nA plain text brief served over HTTP.")
    (tmp_path / "local.md").write_text(MARKDOWN)
    sources = ["http://[::1", page, "https://exa mple.org/x", str(tmp_path / "local.md"), "bad\x00path.md"]
    items = list(load_sources(sources, allow_private=True))
    articles = [i for i in items if isinstance(i, Article)]
    failures = {f.source: f.error for f in items if isinstance(f, LoadFailure)}
    assert {a.origin for a in articles} == {page, str(tmp_path / "local.md")}
    assert set(failures) == {"http://[::1", "https://exa mple.org/x", "bad\x00path.md"}
    assert "malformed URL" in failures["http://[::1"]


def test_a_parser_crash_is_one_failure(http_server, monkeypatch: pytest.MonkeyPatch) -> None:
    """A loader bug on hostile input is reported for that source only (the parser is faked to fail)."""
    import briefbot.sources.articles as articles

    def broken(*args: object, **kwargs: object) -> Article:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(articles, "parse_html", broken)
    page = http_server.add("page.html", HTML)
    text = http_server.add("brief.txt", "Short brief\n\nA plain text brief served over HTTP.")
    items = list(load_sources([page, text], allow_private=True))
    assert [type(i).__name__ for i in items] == ["LoadFailure", "Article"]
    assert "RuntimeError: parser exploded" in items[0].error


def test_two_feeds_with_the_same_guid_keep_both_entries(http_server) -> None:
    """Issue 21 N9: feed B carrying feed A's GUID and title must not overwrite A's article."""
    a = http_server.add("a.rss", RSS)
    b = http_server.add("b.rss", RSS)  # the same GUIDs and titles in another feed
    items = list(load_sources([a, b], allow_private=True))
    assert all(isinstance(i, Article) for i in items), items
    assert len(items) == 4 and len({i.id for i in items}) == 4
    assert {i.origin for i in items} == {a, b}
    # still stable per feed
    assert sorted(i.id for i in load_sources([b], allow_private=True)) == sorted(i.id for i in items if i.origin == b)


def test_folder_walk_does_not_follow_symlinks_out_of_the_folder(tmp_path: Path) -> None:
    """Issue 21 N6: a link leading out of the folder is reported and skipped; one inside is read."""
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("Outside\n\nThe vault code is 4711.\n", encoding="utf-8")
    (root / "sub" / "real.txt").write_text("Inside\n\nA story inside the folder.\n", encoding="utf-8")
    (root / "link.txt").symlink_to(secret)
    (root / "inner.txt").symlink_to(root / "sub" / "real.txt")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "more.txt").write_text("More\n\nAlso outside.\n", encoding="utf-8")
    (root / "dirlink").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    items = list(load_sources([root]))
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, LoadFailure)]
    assert sorted(a.id for a in articles) == ["inner", "real"]
    assert all("4711" not in a.text and "Also outside" not in a.text for a in articles)
    assert [Path(f.source).name for f in failures] == ["link.txt"]
    assert "outside the folder" in failures[0].error
    # naming the file itself (the CLI may) still works
    assert only(list(load_sources([root / "link.txt"]))).text.endswith("4711.")


def test_no_credentials_or_server_folders_in_origins_and_errors(http_server, tmp_path: Path) -> None:
    """Issue 21 N13: `http://user:pw@host/...` is stored without `user:pw@`; errors name files only."""
    page = http_server.add("page.txt", "Short brief\n\nA plain text brief served over HTTP.")
    feed = http_server.add("feed.rss", RSS)
    secret = [u.replace("http://", "http://editor:hunter2@") for u in (page, feed)]
    items = list(load_sources([*secret, secret[0] + "-missing"], allow_private=True))
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == 3 and {a.origin for a in articles} == {page, feed}
    assert all("hunter2" not in json.dumps(a.to_dict()) for a in articles)
    (missing,) = [i for i in items if isinstance(i, LoadFailure)]
    assert "hunter2" not in missing.source + missing.error
    folder = tmp_path / "server-side" / "uploads"
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_bytes("Caf\xe9\n".encode("latin-1"))
    error = failure(list(load_sources([folder / "notes.txt"]))).error
    assert "notes.txt" in error and str(folder) not in error
