"""``PATCH /api/articles/{id}`` (outlet and date edits) and ``briefbot articles``, on a real index.

Real parts: a copy of the session corpus index, FastAPI's TestClient over the real app, the CLI's
``main`` in-process.  The corpus article edited here is one with an outlet and date of its own, so
the test also shows that the reader's values replace parsed ones.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from briefbot.app.api import create_api
from briefbot.app.cli import main
from briefbot.app.service import ServedBot
from briefbot.config import Settings

BASE = "http://127.0.0.1"
AID = "lavrov-rubio-meeting-postponed"


@pytest.fixture(scope="module")
def index_dir(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("api-articles") / "idx"
    shutil.copytree(corpus_index, index_dir)
    return index_dir


@pytest.fixture(scope="module")
def client(index_dir: Path) -> TestClient:
    from briefbot.core import BriefBot

    return TestClient(create_api(ServedBot(BriefBot(Settings(index_dir=index_dir))), api_token=""), base_url=BASE)


def test_patch_sets_outlet_and_date_everywhere_the_article_is_read(client: TestClient) -> None:
    before = next(a for a in client.get("/api/articles").json()["articles"] if a["id"] == AID)
    assert before["source"] != "Lakeside Courier"
    r = client.patch(f"/api/articles/{AID}", json={"source": "Lakeside Courier", "published": "2025-10-21"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["source"], body["published"], body["id"]) == ("Lakeside Courier", "2025-10-21", AID)
    assert body["content_hash"] != before["content_hash"] and body["n_chunks"] == before["n_chunks"]
    assert client.get(f"/api/articles/{AID}").json()["source"] == "Lakeside Courier"
    # answers and searches cite the new outlet and date
    hits = client.post("/api/search", json={"query": "Lavrov Rubio meeting postponed", "k": 10,
                                            "filters": {"sources": ["Lakeside Courier"]}}).json()
    assert hits and {h["article_id"] for h in hits} == {AID}
    assert all(h["source"] == "Lakeside Courier" and h["published"] == "2025-10-21" for h in hits)
    # one field at a time; the other stays
    r = client.patch(f"/api/articles/{AID}", json={"published": "2025-10-22"})
    assert (r.json()["source"], r.json()["published"]) == ("Lakeside Courier", "2025-10-22")


@pytest.mark.parametrize(("body", "status", "says"), [
    ({"source": "<script>alert(1)</script>"}, 400, "outlet may hold"),
    ({"source": "Courier\nX-Injected: 1"}, 400, "line breaks"),
    ({"published": "2025-02-30"}, 400, "not a real date"),
    ({"published": "24 October 2025"}, 400, "YYYY-MM-DD"),
    ({"published": "2999-01-01"}, 400, "outside the dates"),
    ({}, 400, "nothing to change"),
    ({"source": "x", "title": "y"}, 422, "title"),
    ({"source": "x" * 201}, 422, "source"),
])
def test_patch_refuses_bad_values_with_a_json_error(client: TestClient, body: dict[str, Any], status: int,
                                                    says: str) -> None:
    before = client.get(f"/api/articles/{AID}").json()
    r = client.patch(f"/api/articles/{AID}", json=body)
    assert r.status_code == status, r.text
    assert says in r.json()["error"]["message"]
    after = client.get(f"/api/articles/{AID}").json()
    assert (after["source"], after["published"]) == (before["source"], before["published"])


def test_patch_unknown_article_is_404(client: TestClient) -> None:
    r = client.patch("/api/articles/no-such-article", json={"source": "Lakeside Courier"})
    assert r.status_code == 404 and "no-such-article" in r.json()["error"]["message"]
    assert "/api/articles/{article_id}" in client.get("/openapi.json").json()["paths"]
    assert "patch" in client.get("/openapi.json").json()["paths"]["/api/articles/{article_id}"]


def test_cli_articles_edit_and_list(index_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    aid = "uzbekistan-gas-production-2026"
    code = main(["articles", "edit", aid, "--outlet", "Steppe Courier", "--date", "2026-01-15", "--index",
                 str(index_dir), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["source"] == "Steppe Courier" and json.loads(out)["published"] == "2026-01-15"
    assert main(["articles", "list", "--index", str(index_dir)]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith(aid + "\t"))
    assert line.split("\t")[1:3] == ["Steppe Courier", "2026-01-15"]
    assert main(["articles", "edit", aid, "--date", "2026-02-30", "--index", str(index_dir)]) == 2
    assert "not a real date" in capsys.readouterr().err
    assert main(["articles", "edit", "nope", "--outlet", "X", "--index", str(index_dir)]) == 2
    assert "no article 'nope'" in capsys.readouterr().err
    assert main(["articles", "edit", aid, "--index", str(index_dir)]) == 2
    assert "give --outlet, --date or both" in capsys.readouterr().err
