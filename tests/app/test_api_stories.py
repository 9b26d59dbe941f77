"""``GET /api/stories`` and ``briefbot stories`` over a copy of the corpus index (real model, real Chroma)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from briefbot.app.api import create_api
from briefbot.app.service import ServedBot
from briefbot.config import Settings


@pytest.fixture(scope="module")
def index_dir(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stories-api") / "idx"
    shutil.copytree(corpus_index, out)
    return out


def test_api_lists_and_filters_stories(index_dir: Path) -> None:
    from briefbot.core import BriefBot

    client = TestClient(create_api(ServedBot(BriefBot(Settings(index_dir=index_dir))), api_token=""),
                        base_url="http://127.0.0.1")
    body: dict[str, Any] = client.get("/api/stories").json()
    assert body["total"] == len(body["stories"]) >= 5
    ids = {a for s in body["stories"] for a in s["article_ids"]}
    assert len(ids) == 19  # every corpus article is in exactly one story
    assert sum(len(s["article_ids"]) for s in body["stories"]) == 19
    top = body["stories"][0]
    assert top["independent_outlets"] >= 2 and top["headline"] in {a["title"] for a in top["articles"]}
    assert {"date_from", "date_to", "outlets", "disagrees", "questions"} <= set(top)
    kcell = client.get("/api/stories", params={"q": "Kcell"}).json()
    assert kcell["total"] == 1 and "Kcell" in kcell["stories"][0]["headline"]
    assert client.get("/api/stories", params={"q": "x" * 201}).status_code in (400, 422)


def test_cli_stories_json_and_text(index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from briefbot.app.cli import main

    assert main(["stories", "--index", str(index_dir), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] >= 5
    assert main(["stories", "Kcell", "--index", str(index_dir)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Kcell") and "independent outlet" in text and "? " in text
