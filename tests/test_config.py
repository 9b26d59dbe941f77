"""Settings: defaults < briefbot.toml < BRIEFBOT_* env < explicit overrides; clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefbot.config import ConfigError, Settings

pytestmark = pytest.mark.usefixtures("isolated_env")


def test_defaults() -> None:
    s = Settings.load()
    assert s == Settings()
    assert s.index_dir == Path(".briefbot")
    assert s.chroma_url is None
    assert (s.chunk_words, s.chunk_overlap_sentences, s.max_file_mb) == (150, 1, 20.0)
    assert s.backend == "extractive"


def test_precedence(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (isolated_env / "briefbot.toml").write_text(
        'index_dir = "from-toml"\nchunk_words = 90\nk = 4\nmax_file_mb = 2.5\n'
        'keep_unsupported = true\nchroma_url = "http://127.0.0.1:9000"\n'
    )
    s = Settings.load()
    assert s.index_dir == Path("from-toml")
    assert (s.chunk_words, s.k, s.max_file_mb, s.keep_unsupported) == (90, 4, 2.5, True)
    assert s.chroma_url == "http://127.0.0.1:9000"

    monkeypatch.setenv("BRIEFBOT_CHUNK_WORDS", "120")
    monkeypatch.setenv("BRIEFBOT_KEEP_UNSUPPORTED", "no")
    monkeypatch.setenv("BRIEFBOT_CHROMA_URL", "http://127.0.0.1:8001")
    monkeypatch.setenv("BRIEFBOT_K", "")  # empty means "not set"
    s = Settings.load()
    assert (s.chunk_words, s.keep_unsupported, s.k) == (120, False, 4)
    assert s.chroma_url == "http://127.0.0.1:8001"
    assert s.index_dir == Path("from-toml")

    s = Settings.load(index_dir="explicit", chunk_words=60, k=None)
    assert (s.index_dir, s.chunk_words, s.k) == (Path("explicit"), 60, 4)
    assert s.with_overrides(chunk_words="75", k=None).chunk_words == 75


def test_config_file_from_env_and_argument(
    isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text("fetch_k = 12\n")
    (isolated_env / "briefbot.toml").write_text("fetch_k = 99\n")
    assert Settings.load(config_file=cfg).fetch_k == 12
    monkeypatch.setenv("BRIEFBOT_CONFIG", str(cfg))
    assert Settings.load().fetch_k == 12
    monkeypatch.setenv("BRIEFBOT_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="missing.toml"):
        Settings.load()


def test_paths_expand_user(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", "~/idx")
    assert Settings.load().index_dir == tmp_path / "idx"


def test_list_settings_from_env_and_toml(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Lists are one string in the environment (os.pathsep / comma separated), arrays in TOML."""
    (isolated_env / "briefbot.toml").write_text('trusted_hosts = ["toml.example"]\ningest_roots = ["/srv/a"]\n')
    s = Settings.load()
    assert (s.trusted_hosts, s.ingest_roots) == (("toml.example",), (Path("/srv/a"),))

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("BRIEFBOT_INGEST_ROOTS", f"/srv/news{os.pathsep}~/feeds{os.pathsep}")
    monkeypatch.setenv("BRIEFBOT_TRUSTED_HOSTS", "news.example, 10.0.0.5:7860")
    s = Settings.load()
    assert s.ingest_roots == (Path("/srv/news"), tmp_path / "feeds")
    assert s.trusted_hosts == ("news.example", "10.0.0.5:7860")
    assert hash(s) == hash(Settings.load())  # frozen and hashable, lists included


def test_new_round_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    s = Settings.load()
    assert (s.allow_private_urls, s.max_request_mb, s.fetch_deadline_s, s.server_url) == (False, 25.0, 60.0, None)
    monkeypatch.setenv("BRIEFBOT_ALLOW_PRIVATE_URLS", "yes")
    monkeypatch.setenv("BRIEFBOT_MAX_REQUEST_MB", "2.5")
    monkeypatch.setenv("BRIEFBOT_FETCH_DEADLINE_S", "5")
    monkeypatch.setenv("BRIEFBOT_SERVER", "http://127.0.0.1:7861")
    s = Settings.load()
    assert (s.allow_private_urls, s.max_request_mb, s.fetch_deadline_s) == (True, 2.5, 5.0)
    assert s.server_url == "http://127.0.0.1:7861"
    assert Settings.load(server_url="http://127.0.0.1:9").server_url == "http://127.0.0.1:9"  # a flag wins


def test_direct_construction_reads_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Settings(...)`` is defaults + arguments; only ``load()`` reads file and environment."""
    monkeypatch.setenv("BRIEFBOT_K", "3")
    assert Settings().k == 6
    assert Settings(k=9).k == 9
    assert Settings.load().k == 3
    with pytest.raises(ConfigError, match="k"):
        Settings(k=0)


@pytest.mark.parametrize(
    ("env", "value", "setting"),
    [
        ("BRIEFBOT_CHUNK_WORDS", "many", "chunk_words"),
        ("BRIEFBOT_CHUNK_WORDS", "0", "chunk_words"),
        ("BRIEFBOT_CHUNK_WORDS", "12.5", "chunk_words"),
        ("BRIEFBOT_CHUNK_OVERLAP_SENTENCES", "-1", "chunk_overlap_sentences"),
        ("BRIEFBOT_MAX_FILE_MB", "big", "max_file_mb"),
        ("BRIEFBOT_MAX_FILE_MB", "-3", "max_file_mb"),
        ("BRIEFBOT_FETCH_TIMEOUT_S", "0", "fetch_timeout_s"),
        ("BRIEFBOT_EMBED_BATCH_SIZE", "0", "embed_batch_size"),
        ("BRIEFBOT_INGEST_BATCH_CHUNKS", "-5", "ingest_batch_chunks"),
        ("BRIEFBOT_K", "six", "k"),
        ("BRIEFBOT_MMR_LAMBDA", "1.5", "mmr_lambda"),
        ("BRIEFBOT_KEEP_UNSUPPORTED", "perhaps", "keep_unsupported"),
        ("BRIEFBOT_PORT", "99999", "port"),
        ("BRIEFBOT_BACKEND", "gpt", "backend"),
        ("BRIEFBOT_CHROMA_URL", "localhost:8000", "chroma_url"),
        ("BRIEFBOT_SERVER", "localhost:7860", "server_url"),
        ("BRIEFBOT_MAX_REQUEST_MB", "0", "max_request_mb"),
        ("BRIEFBOT_FETCH_DEADLINE_S", "soon", "fetch_deadline_s"),
        ("BRIEFBOT_ALLOW_PRIVATE_URLS", "sometimes", "allow_private_urls"),
    ],
)
def test_bad_env_value_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, setting: str
) -> None:
    monkeypatch.setenv(env, value)
    with pytest.raises(ConfigError) as info:
        Settings.load()
    assert setting in str(info.value)
    assert isinstance(info.value, ValueError)  # the CLI reports ValueErrors cleanly


@pytest.mark.parametrize(
    ("toml", "setting"),
    [
        ('chunk_words = "lots"', "chunk_words"),
        ("chunk_words = true", "chunk_words"),
        ("max_file_mb = false", "max_file_mb"),
        ("chroma_url = 8000", "chroma_url"),
        ("no_such_setting = 1", "no_such_setting"),
        ("k = [1, 2]", "k"),
    ],
)
def test_bad_toml_value_names_the_setting(isolated_env: Path, toml: str, setting: str) -> None:
    (isolated_env / "briefbot.toml").write_text(toml + "\n")
    with pytest.raises(ConfigError, match=setting):
        Settings.load()


def test_invalid_toml_names_the_file(isolated_env: Path) -> None:
    (isolated_env / "briefbot.toml").write_text("chunk_words = \n")
    with pytest.raises(ConfigError, match="briefbot.toml"):
        Settings.load()


def test_bad_overrides() -> None:
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings.load(nonsense=1)
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings().with_overrides(nonsense=1)
    with pytest.raises(ConfigError, match="k"):
        Settings().with_overrides(k=-1)


def test_server_mode_setting_reaches_the_index(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, closed_port: int
) -> None:
    """BRIEFBOT_CHROMA_URL switches the index to a server (here: one that is not running)."""
    from briefbot.store.index import Index, StoreError

    monkeypatch.setenv("BRIEFBOT_CHROMA_URL", f"http://127.0.0.1:{closed_port}")
    with pytest.raises(StoreError, match="Chroma server"):
        Index(Settings.load(index_dir=tmp_path))
    assert not (tmp_path / "chroma").exists()
