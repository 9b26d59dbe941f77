"""The per-index secret a server answers for (issue 21 N7): created private, once, shared by racers."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

from briefbot.app.index_secret import ensure_secret, new_nonce, proof, proves, read_secret, secret_path, valid_nonce


def test_secret_is_created_private_and_kept(tmp_path: Path) -> None:
    index = tmp_path / "idx"
    assert read_secret(index) is None
    first = ensure_secret(index)
    assert len(first) == 64 and ensure_secret(index) == first == read_secret(index)
    assert stat.S_IMODE(secret_path(index).stat().st_mode) == 0o600
    assert [p.name for p in index.iterdir()] == ["server-secret"]  # no temporary files left


def test_servers_starting_at_once_agree_on_one_secret(tmp_path: Path) -> None:
    index = tmp_path / "idx"
    got: list[bytes] = []
    threads = [threading.Thread(target=lambda: got.append(ensure_secret(index))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 8 and len(set(got)) == 1


def test_proof_binds_secret_nonce_and_collection(tmp_path: Path) -> None:
    secret = ensure_secret(tmp_path / "a")
    other = ensure_secret(tmp_path / "b")
    nonce = new_nonce()
    assert valid_nonce(nonce) and not valid_nonce("xyz") and not valid_nonce("ab" * 100)
    answer = proof(secret, nonce, "briefbot")
    assert proves(answer, secret, nonce, "briefbot")
    assert not proves(answer, other, nonce, "briefbot")
    assert not proves(answer, secret, new_nonce(), "briefbot")  # a replayed answer does not fit a new nonce
    assert not proves(answer, secret, nonce, "other-collection")
    assert not proves(None, secret, nonce, "briefbot") and not proves("0" * 64, secret, nonce, "briefbot")
