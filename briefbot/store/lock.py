"""The cross-process writer lock of one index.

Why: two processes writing one index (``briefbot ingest`` next to ``briefbot serve``,
or two ingests) used to interleave, and one process's start-up repair could delete
the chunks another had written but not yet recorded.  A lock file in the index
folder (``filelock``: ``flock`` on POSIX) makes writers take turns.  The kernel
releases it when its holder dies, so a kill -9 never leaves a stale lock behind.
Light on purpose (no chromadb import) so that tools can take it cheaply.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger("briefbot.store.lock")

LOCK_NOTICE_S = 5.0
"""While waiting for another process's index lock, say so again every this many seconds."""


class IndexLock:
    """The cross-process writer lock of one index: a ``filelock`` file in the index folder.

    Ingest, delete and repair hold it, so two processes writing one index never
    interleave -- in particular one process's :meth:`Index.repair` cannot delete the
    chunks another process has written but not yet recorded.  It is reentrant within
    a thread (repair inside ingest), serialises threads too, and the kernel drops it
    when the holder dies (kill -9 leaves no stale lock).  A process that has to wait
    logs that it is waiting, for whom and for how long.
    """

    def __init__(self, path: Path) -> None:
        from filelock import FileLock

        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.owner_file = path.with_name(path.name + ".owner.json")
        self._lock = FileLock(str(path))

    @contextmanager
    def hold(self, what: str) -> Iterator[float]:
        """Hold the lock for ``what`` (e.g. "ingest"); yields the seconds spent waiting."""
        nested = self._lock.is_locked
        waited = 0.0 if nested else self._acquire(what)
        if nested:
            self._lock.acquire()
        try:
            yield waited
        finally:
            if not nested:
                self.owner_file.unlink(missing_ok=True)
            self._lock.release()

    def _acquire(self, what: str) -> float:
        from filelock import Timeout

        started = time.monotonic()
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            log.warning(
                "waiting for the index lock %s to %s: held by %s", self.path, what, self.holder()
            )
            while True:
                try:
                    self._lock.acquire(timeout=LOCK_NOTICE_S)
                    break
                except Timeout:
                    log.warning(
                        "still waiting for the index lock %s (%.1f s so far): held by %s",
                        self.path, time.monotonic() - started, self.holder(),
                    )
            log.warning(
                "got the index lock %s after waiting %.1f s", self.path, time.monotonic() - started
            )
        info = {"pid": os.getpid(), "host": socket.gethostname(), "what": what,
                "since": datetime.now(UTC).isoformat(timespec="seconds")}
        try:
            self.owner_file.write_text(json.dumps(info))
        except OSError:
            pass  # the note is informational; the lock itself is what counts
        return time.monotonic() - started

    def holder(self) -> str:
        """Who holds the lock, as far as the holder wrote it down."""
        try:
            info = json.loads(self.owner_file.read_text())
            return f"pid {info['pid']} on {info['host']} ({info['what']} since {info['since']})"
        except (OSError, ValueError, KeyError, TypeError):
            return "another process"
