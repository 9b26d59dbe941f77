"""The writer lock of an index kept on a Chroma server: a lease in the server itself.

Why: with ``chroma_url`` set, writers may run on other machines, so a lock file in
the local index folder (:class:`briefbot.store.lock.IndexLock`) proves nothing.

How (Chroma has no transactions, but ``add`` of an id that exists is a no-op and the
server applies writes in one order, so "add, then read back" is a test-and-set):

* the lock is a series of records ``lease-000000000001``, ``-2``, ... in the
  ``<prefix>_locks`` collection; the newest one says who holds the lock, until when
  (``expires``) and whether it was ``released``;
* to take the lock, a writer waits until the newest record is released or expired,
  then *adds* the next number with its own owner id and reads it back: it holds the
  lock only if the record says it is the owner and no newer record exists.  Two
  writers racing for the same number cannot both win (one ``add`` is ignored); a
  writer that raced for an older number loses because a newer one exists;
* the holder renews ``expires`` every :data:`TTL_S`/3 s from a thread, and marks its
  record ``released`` when done; a holder killed with ``kill -9`` stops renewing and
  its lease expires after at most :data:`TTL_S` s;
* records never change owner and are never deleted while newer than the newest
  :data:`KEEP` ones, so a waiter never deletes or overwrites another writer's lease.

What it assumes: the writers' clocks agree to well under :data:`TTL_S` (NTP), and a
holder is never paused (swapped out, stopped) for longer than :data:`TTL_S`; if it is,
the renewal thread logs that the lease was lost.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger("briefbot.store.lease")

TTL_S = 30.0
"""A lease not renewed for this long is free to take."""
POLL_S = 0.25
NOTICE_S = 5.0
KEEP = 20
"""Lease records kept behind the newest one (older ones are deleted by a holder)."""
PREFIX = "lease-"


def _lease_id(n: int) -> str:
    return f"{PREFIX}{n:012d}"


class LeaseLock:
    """A cross-machine writer lock kept in a Chroma collection (see the module docstring).

    Same interface as :class:`briefbot.store.lock.IndexLock`: ``hold(what)`` yields the
    seconds spent waiting, is reentrant within a thread and serialises threads."""

    def __init__(self, client: Any, name: str, ttl_s: float = TTL_S) -> None:
        self.collection = client.get_or_create_collection(name, embedding_function=None)
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.ttl_s = ttl_s
        self._local = threading.RLock()
        self._depth = 0
        self._held: str | None = None
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    @contextmanager
    def hold(self, what: str) -> Iterator[float]:
        with self._local:
            self._depth += 1
            try:
                waited = self._acquire(what) if self._depth == 1 else 0.0
                try:
                    yield waited
                finally:
                    if self._depth == 1:
                        self._release()
            finally:
                self._depth -= 1

    @property
    def held(self) -> bool:
        return self._held is not None

    # ---------------------------------------------------------------- internals
    def _records(self) -> dict[int, dict[str, Any]]:
        got = self.collection.get(include=["metadatas"])
        out: dict[int, dict[str, Any]] = {}
        for lid, meta in zip(got["ids"], got["metadatas"], strict=True):
            if lid.startswith(PREFIX) and lid[len(PREFIX):].isdigit():
                out[int(lid[len(PREFIX):])] = dict(meta or {})
        return out

    @staticmethod
    def _free(meta: dict[str, Any] | None) -> bool:
        return meta is None or bool(meta.get("released")) or float(meta.get("expires", 0.0)) < time.time()

    def _acquire(self, what: str) -> float:
        started = time.monotonic()
        next_notice = started
        while True:
            records = self._records()
            newest = max(records, default=0)
            if self._free(records.get(newest)):
                mine = _lease_id(newest + 1)
                self.collection.add(ids=[mine], embeddings=[[1.0]], metadatas=[self._meta(what)])
                after = self._records()
                if after.get(newest + 1, {}).get("owner") == self.owner and max(after) == newest + 1:
                    self._held = mine
                    self._start_renewing()
                    self._prune(after, newest + 1)
                    waited = time.monotonic() - started
                    if waited >= NOTICE_S:
                        log.warning("got the index lease %s after waiting %.1f s", mine, waited)
                    return waited
                continue  # another writer took this number (or a newer one): look again
            if time.monotonic() >= next_notice:
                log.warning("waiting for the index lease to %s (%.1f s so far): held by %s", what,
                            time.monotonic() - started, self._describe(records[newest]))
                next_notice += NOTICE_S
            time.sleep(POLL_S)

    def _meta(self, what: str) -> dict[str, Any]:
        return {"owner": self.owner, "what": what, "released": False,
                "since": datetime.now(UTC).isoformat(timespec="seconds"),
                "expires": time.time() + self.ttl_s}

    def _start_renewing(self) -> None:
        self._stop.clear()
        self._renewer = threading.Thread(target=self._renew, args=(self._held,), daemon=True,
                                         name="briefbot-lease")
        self._renewer.start()

    def _renew(self, lease: str) -> None:
        while not self._stop.wait(self.ttl_s / 3):
            try:
                got = self.collection.get(ids=[lease], include=["metadatas"])
                if not got["ids"] or (got["metadatas"][0] or {}).get("owner") != self.owner:
                    log.error("the index lease %s was lost (taken over after expiring)", lease)
                    return
                self.collection.update(ids=[lease], metadatas=[{"expires": time.time() + self.ttl_s}])
            except Exception as exc:  # the server is unreachable right now: try again
                log.warning("could not renew the index lease %s: %s", lease, exc)

    def _release(self) -> None:
        lease, self._held = self._held, None
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(timeout=5)
            self._renewer = None
        if lease is not None:
            try:
                self.collection.update(ids=[lease], metadatas=[{"released": True, "expires": 0.0}])
            except Exception as exc:  # it expires on its own after ttl_s
                log.warning("could not release the index lease %s: %s", lease, exc)

    def _prune(self, records: dict[int, dict[str, Any]], mine: int) -> None:
        old = [_lease_id(n) for n in records if n < mine - KEEP]
        if old:
            self.collection.delete(ids=old)

    def holder(self) -> str:
        records = self._records()
        if not records or self._free(records[max(records)]):
            return "nobody"
        return self._describe(records[max(records)])

    @staticmethod
    def _describe(meta: dict[str, Any]) -> str:
        return f"{meta.get('owner', '?')} ({meta.get('what', '?')} since {meta.get('since', '?')})"
