"""A per-index secret that lets a server prove which index it serves, without a password.

Why: ``briefbot ask`` looks for a running server on the default loopback port and sends
it the API token (issue 21, N7).  Any program may listen on that port and answer
``/healthz`` with ``{"status": "ok", "index_dir": <yours>}``; naming the index proves
nothing.  Knowing a secret kept in the index folder does: the server reads it (creating
it, readable by its owner only, on first start), the CLI reads the same file, sends a
fresh random nonce, and uses the server -- and sends its token -- only when the answer
is ``HMAC(secret, nonce + collection)``.  A squatter that cannot read the folder cannot
answer, and an answer replayed from another request does not fit a new nonce.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import time
from pathlib import Path

SECRET_NAME = "server-secret"
"""The file in the index folder (mode 0600)."""
NONCE_PATTERN = r"^[0-9a-f]{32,128}$"
"""A nonce the server answers for: 16 to 64 random bytes, lower-case hex."""
_NONCE = re.compile(NONCE_PATTERN)


def secret_path(index_dir: Path | str) -> Path:
    return Path(index_dir) / SECRET_NAME


def read_secret(index_dir: Path | str) -> bytes | None:
    """The index's secret, or None when no server has created one (or it cannot be read)."""
    path = secret_path(index_dir)
    for _ in range(20):  # a server creating it this instant: the file appears whole (see ensure_secret)
        try:
            data = path.read_bytes().strip()
        except OSError:
            return None
        if data:
            return data
        time.sleep(0.05)
    return None


def ensure_secret(index_dir: Path | str) -> bytes:
    """The index's secret, created (0600, 32 random bytes as hex) if the folder has none.

    Written to a private temporary file and hard-linked into place, so a reader never
    sees a half-written secret and two servers starting at once agree on one.
    """
    folder = Path(index_dir)
    existing = read_secret(folder)
    if existing:
        return existing
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{SECRET_NAME}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, secret_path(folder))
        except FileExistsError:
            pass  # another server won the race: use its secret
    finally:
        tmp.unlink(missing_ok=True)
    found = read_secret(folder)
    if not found:
        raise OSError(f"cannot read back {secret_path(folder)}")
    return found


def new_nonce() -> str:
    return secrets.token_hex(16)


def valid_nonce(nonce: str) -> bool:
    return bool(_NONCE.fullmatch(nonce))


def proof(secret: bytes, nonce: str, collection: str) -> str:
    """What a server serving ``collection`` of the index holding ``secret`` answers to ``nonce``."""
    return hmac.new(secret, f"briefbot-index-proof\n{nonce}\n{collection}".encode(), hashlib.sha256).hexdigest()


def proves(answer: object, secret: bytes, nonce: str, collection: str) -> bool:
    return isinstance(answer, str) and hmac.compare_digest(answer, proof(secret, nonce, collection))
