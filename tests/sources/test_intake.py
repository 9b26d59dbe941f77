"""What network clients may ingest and see: pure functions over paths and URLs."""

from __future__ import annotations

from pathlib import Path

from briefbot.sources.fetch import without_credentials
from briefbot.sources.intake import public_origin


def test_without_credentials() -> None:
    assert without_credentials("http://ed:pw@example.org:8080/a?b=1#c") == "http://example.org:8080/a?b=1#c"
    assert without_credentials("https://token@example.org/feed") == "https://example.org/feed"
    assert without_credentials("https://example.org/a@b") == "https://example.org/a@b"  # @ in the path stays
    assert without_credentials("http://[::1") == "http://[::1"  # unparsable: unchanged


def test_public_origin_is_relative_to_its_root_or_a_name(tmp_path: Path) -> None:
    """Issue 21 N13: clients never see the server's absolute paths or URL credentials."""
    root = tmp_path / "newsroom"
    assert public_origin(str(root / "2024" / "a.md"), [root]) == "newsroom/2024/a.md"
    assert public_origin(str(tmp_path / "index" / "uploads" / "b.md"), [root]) == "b.md"
    assert public_origin(str(tmp_path / "c.md")) == "c.md"
    assert public_origin("http://ed:pw@example.org/feed.rss") == "http://example.org/feed.rss"
    assert public_origin("") == ""
