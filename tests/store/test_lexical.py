"""The BM25 index applied by deltas (:mod:`briefbot.store.lexical`): real bm25s, no store."""

from __future__ import annotations

import numpy as np

from briefbot.store.lexical import SIDE_LIMIT_MIN, LexicalIndex

TEXTS = {
    "a": "The island ferry fare rose sharply this spring, the operator said.",
    "b": "The river bridge toll was cut for commuters in the valley.",
    "c": "Harbour dredging costs doubled after the winter storms.",
    "d": "The ferry operator blamed fuel prices for the higher fare.",
}
META = {cid: {"title": f"title {cid}", "source": "Wire", "article_id": cid} for cid in TEXTS}


def build(ids: list[str], generation: str = "g0") -> LexicalIndex:
    return LexicalIndex.build(ids, [TEXTS[i] for i in ids], [META[i] for i in ids], generation)


def test_added_chunks_are_found_and_ranked_like_a_full_build() -> None:
    base = build(["b", "c"])
    assert base.search("ferry fare", 5) == []
    delta = base.apply("g1", {i: (TEXTS[i], META[i]) for i in ("a", "d")}, [], [])
    full = build(["b", "c", "a", "d"], "g1")
    for query in ("ferry fare", "the operator said the fare rose", "bridge toll for commuters"):
        got, want = dict(delta.search(query, 5)), dict(full.search(query, 5))
        assert got.keys() == want.keys(), query
        assert all(abs(got[c] - want[c]) < 0.05 * want[c] for c in got if c in ("a", "d")), query
    assert delta.generation == "g1" and delta.size() == 4 and base.size() == 2  # base unchanged
    assert delta.ids == ["b", "c", "a", "d"] and [m["article_id"] for m in delta.metadatas] == delta.ids


def test_removed_and_replaced_chunks_are_never_returned() -> None:
    base = build(["a", "b", "c", "d"])
    gone = base.apply("g1", {}, ["a"], [])
    assert [cid for cid, _ in gone.search("ferry fare", 5)] == ["d"]
    assert gone.size() == 3
    replaced = gone.apply("g2", {"d": ("Dredging of the harbour resumed.", META["d"])}, [], [])
    assert replaced.search("ferry fare", 5) == []
    assert {cid for cid, _ in replaced.search("harbour dredging", 5)} == {"c", "d"}
    assert replaced.size() == 3
    again = replaced.apply("g3", {}, ["d"], [])  # a side chunk removed too
    assert [cid for cid, _ in again.search("harbour dredging", 5)] == ["c"]


def test_hidden_chunks_are_not_returned_until_their_write_ends() -> None:
    base = build(["a", "b"])
    pending = base.apply("g1", {}, [], ["a", "zz"])
    assert [cid for cid, _ in pending.search("ferry fare", 5)] == []
    assert pending.size() == 1
    done = pending.apply("g2", {"zz": (TEXTS["d"], META["d"])}, [], [])
    assert [cid for cid, _ in done.search("ferry fare", 5)] == ["a", "zz"]


def test_masks_align_with_main_then_side_positions() -> None:
    delta = build(["a", "b"]).apply("g1", {"d": (TEXTS["d"], META["d"])}, [], [])
    mask = np.array([0.0, 1.0, 1.0], dtype=np.float32)  # a off, b on, d on
    assert [cid for cid, _ in delta.search("ferry fare", 5, mask)] == ["d"]
    mask = np.array([1.0, 1.0, 0.0], dtype=np.float32)
    assert [cid for cid, _ in delta.search("ferry fare", 5, mask)] == ["a"]


def test_a_large_side_asks_for_a_full_build() -> None:
    base = build(["a"])
    many = {f"n{i}": (TEXTS["b"], META["b"]) for i in range(SIDE_LIMIT_MIN + 1)}
    assert not base.apply("g1", dict(list(many.items())[:10]), [], []).needs_full_build()
    assert base.apply("g1", many, [], []).needs_full_build()
