"""The write log kept in the store (:mod:`briefbot.store.changes`): real embedded Chroma."""

from __future__ import annotations

from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from briefbot.store import changes
from briefbot.store.changes import BEGIN, END, EVERYTHING, ChangeLog


@pytest.fixture()
def log(tmp_path: Path) -> ChangeLog:
    client = chromadb.PersistentClient(path=str(tmp_path / "db"), settings=ChromaSettings(anonymized_telemetry=False))
    return ChangeLog(client, "t_changes")


def test_steps_chain_back_to_a_generation(log: ChangeLog) -> None:
    g1 = log.record("none", BEGIN, ["a"])
    g2 = log.record(g1, END, ["a"])
    g3 = log.record(g2, BEGIN, ["b"])
    g4 = log.record(g3, END, ["b", "c"])
    steps = log.steps(g2, g4)
    assert steps is not None and [(s.kind, s.ids) for s in steps] == [(BEGIN, ("b",)), (END, ("b", "c"))]
    assert log.steps(g4, g4) == []
    assert log.steps("unknown-generation", g4) is None  # the chain cannot reach it: full build
    assert log.finished(g4) and not log.finished(g3) and not log.finished("none")


def test_an_unfinished_write_stays_hidden_and_is_carried_forward(log: ChangeLog) -> None:
    done = log.record(log.record("none", BEGIN, ["a"]), END, ["a"])
    killed = log.record(done, BEGIN, ["x1", "x2"])  # a write killed after writing its chunks
    assert log.hidden(killed) == ("x1", "x2") and log.hidden(done) == ()
    nxt = log.record(killed, BEGIN, ["y"])  # the next write (its repair removes the orphans)
    assert set(log.hidden(nxt)) == {"x1", "x2", "y"}
    end = log.record(nxt, END, ["y"])
    assert log.hidden(end) == () and set(log.get(end).ids) == {"x1", "x2", "y"}  # all brought in step


def test_a_huge_step_asks_readers_for_a_full_build(log: ChangeLog, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(changes, "MAX_IDS", 3)
    g = log.record("none", END, ["a", "b", "c", "d"])
    assert log.get(g).ids == (EVERYTHING,)


def test_old_steps_are_pruned(log: ChangeLog) -> None:
    g1 = log.record("none", END, ["a"])
    g2 = log.record(g1, END, ["b"])
    log.prune(keep_s=-1.0)  # everything is "old"
    assert log.get(g1) is None and log.get(g2) is None and log.steps("none", g2) is None
