"""The writer lease kept in Chroma (:mod:`briefbot.store.lease`): real Chroma (an embedded
client shared by the contenders, as processes share a server), real threads."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from briefbot.store.lease import LeaseLock


@pytest.fixture()
def client(tmp_path: Path) -> chromadb.ClientAPI:
    return chromadb.PersistentClient(path=str(tmp_path / "db"), settings=ChromaSettings(anonymized_telemetry=False))


def test_a_second_writer_waits_until_the_first_releases(client: chromadb.ClientAPI) -> None:
    first, second = LeaseLock(client, "t_locks"), LeaseLock(client, "t_locks")
    got: list[float] = []
    with first.hold("ingest"):
        assert first.held and first.owner in first.holder()
        waiter = threading.Thread(target=lambda: got.append(_hold(second)))
        waiter.start()
        waiter.join(timeout=1.0)
        assert waiter.is_alive() and not got  # still waiting
    waiter.join(timeout=10)
    assert not waiter.is_alive() and got and got[0] >= 0.5
    assert not first.held and first.holder() == "nobody"


def test_reentrant_within_a_thread(client: chromadb.ClientAPI) -> None:
    lock = LeaseLock(client, "t_locks")
    with lock.hold("ingest"), lock.hold("repair") as waited:
        assert waited == 0.0 and lock.held
    assert not lock.held


def test_an_expired_lease_of_a_dead_holder_is_taken_over(client: chromadb.ClientAPI) -> None:
    dead = LeaseLock(client, "t_locks", ttl_s=1.0)
    dead._acquire("ingest")  # taken, then the holder "dies": no renewal, no release
    dead._stop.set()
    other = LeaseLock(client, "t_locks", ttl_s=1.0)
    started = time.monotonic()
    with other.hold("ingest"):
        assert other.owner in other.holder()
    assert 0.3 <= time.monotonic() - started < 10


def test_a_renewed_lease_is_not_taken_over(client: chromadb.ClientAPI) -> None:
    holder, other = LeaseLock(client, "t_locks", ttl_s=0.9), LeaseLock(client, "t_locks", ttl_s=0.9)
    with holder.hold("long write"):
        waiter = threading.Thread(target=lambda: _hold(other))
        waiter.start()
        waiter.join(timeout=2.5)  # well past the TTL: the renewals keep it held
        assert waiter.is_alive()
    waiter.join(timeout=10)
    assert not waiter.is_alive()


def test_contenders_never_hold_at_once(client: chromadb.ClientAPI) -> None:
    inside, overlaps, rounds = [0], [0], 5
    guard = threading.Lock()

    def work() -> None:
        lock = LeaseLock(client, "t_locks")
        for _ in range(rounds):
            with lock.hold("write"):
                with guard:
                    inside[0] += 1
                    overlaps[0] += inside[0] > 1
                time.sleep(0.01)
                with guard:
                    inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert overlaps[0] == 0
    ids = client.get_collection("t_locks").get()["ids"]
    assert 4 * rounds - 21 <= len(ids) <= 21  # old leases are pruned


def _hold(lock: LeaseLock) -> float:
    with lock.hold("ingest") as waited:
        return waited
