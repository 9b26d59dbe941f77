"""One server for the web UI and the HTTP API: FastAPI routes + Gradio mounted at ``/``.

``briefbot serve`` calls :func:`serve`.  Safety rules enforced here:

* binds ``127.0.0.1`` unless told otherwise;
* a non-loopback bind needs both ``BRIEFBOT_AUTH`` (``user:password`` for the web UI)
  and ``BRIEFBOT_API_TOKEN`` (bearer token for ``/api``), else :func:`check_bind`
  refuses to start with a message that says what to set;
* uploads are capped at ``max_upload_mb`` (Gradio rejects larger bodies; the UI checks
  type, size and that the file really is in Gradio's upload folder);
* the ``Host`` header must name this server, ``/api`` bodies are capped, failed logins
  are throttled (:mod:`briefbot.app.http_guard`).

Test and benchmark helpers that run this app in a thread live in ``tests/helpers``.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefbot import _offline  # noqa: F401
from briefbot.app.api import create_api
from briefbot.app.http_guard import LoginThrottle
from briefbot.app.service import served
from briefbot.app.ui import CSS, MB, BriefbotUi, theme
from briefbot.app.ui.news_html import NEWS_CSS
from briefbot.config import ConfigError, Settings
from briefbot.core import BriefBot
from briefbot.sources.feeds import Watcher, describe, store_for


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_auth(auth: str | None) -> tuple[str, str] | None:
    """``"user:password"`` -> ``("user", "password")``; ConfigError when malformed."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ConfigError("BRIEFBOT_AUTH must look like user:password (both parts non-empty)")
    return user, password


def check_bind(settings: Settings, host: str | None = None) -> None:
    """Refuse a non-loopback bind unless the UI and the API are both protected."""
    host = host or settings.host
    parse_auth(settings.auth)
    if is_loopback(host):
        return
    missing = []
    if not settings.auth:
        missing.append("BRIEFBOT_AUTH=user:password (web UI login)")
    if not settings.api_token:
        missing.append("BRIEFBOT_API_TOKEN=<secret> (bearer token for /api)")
    if missing:
        raise ConfigError(
            f"refusing to listen on {host}: that address is reachable from other machines and "
            f"authentication is not configured. Set {' and '.join(missing)}, "
            "or bind 127.0.0.1 (the default)."
        )


def create_app(bot: Any, settings: Settings | None = None) -> Any:
    """The FastAPI app: ``/api/*``, ``/healthz``, ``/docs`` and the Gradio UI at ``/``."""
    import gradio as gr


    sbot = served(bot)
    settings = settings or sbot.settings
    app = create_api(sbot, api_token=settings.api_token or None)
    app.add_middleware(LoginThrottle)
    demo = BriefbotUi(sbot).blocks
    # Gradio checks that file paths in requests were uploaded (are in its upload folder)
    # only for apps it launched itself; a mounted app skipped that check (issue 12,
    # finding 4).  Nothing else reads the flag.  The UI checks the paths again.
    demo.has_launched = True
    return gr.mount_gradio_app(
        app,
        demo,
        path="/",
        auth=parse_auth(settings.auth),
        auth_message="briefbot: sign in with the BRIEFBOT_AUTH credentials",
        max_file_size=int(float(settings.max_upload_mb) * MB),
        footer_links=[],  # no "Use via API" / Gradio links in the reader's page (the API has /docs)
        ssr_mode=False,
        css=CSS + NEWS_CSS,
        theme=theme(),  # local fonts only: no request to Google Fonts
        show_error=True,
    )


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Forwarded-header handling for uvicorn: off unless ``trusted_proxies`` lists proxies.

    uvicorn's own default believes ``X-Forwarded-For`` from 127.0.0.1, so every loopback
    client could name any address it liked and the login throttle (which counts per
    client address) never tripped (issue 21, N8).
    """
    proxies = [p.strip() for p in settings.trusted_proxies if p.strip()]
    return {"proxy_headers": bool(proxies), "forwarded_allow_ips": proxies or ""}


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}); pick another port with --port"
            ) from exc


def _ingest_with_progress(sbot: Any, sources: Sequence[str]) -> None:
    from tqdm import tqdm

    bar = tqdm(desc="ingest", unit="article", file=sys.stderr, dynamic_ncols=True)

    def progress(done: int, origin: str) -> None:
        bar.update(done - bar.n)
        bar.set_postfix_str(str(origin)[-40:], refresh=False)

    try:
        report = sbot.ingest(list(sources), progress=progress)
    finally:
        bar.close()
    stats = sbot.stats()
    print(
        f"ingested: added {report.added}, updated {report.updated}, unchanged {report.unchanged}; "
        f"index: {stats['articles']} articles, {stats['chunks']} chunks",
        flush=True,
    )
    for failure in report.failed:
        print(f"  skipped {failure.source}: {failure.error}", flush=True)


def serve(
    settings: Settings,
    ingest: Sequence[str | Path] = (),
    host: str | None = None,
    port: int | None = None,
    watch: bool = True,
) -> None:
    """Ingest ``ingest`` (if any), then serve the UI and API until interrupted.

    ``watch`` (the default; ``briefbot serve --no-watch`` turns it off): poll the followed
    feeds when due, in one background thread that stops with the server.  A poll never
    runs twice at once (the feed store's poll turn, shared with "Poll now") and never
    holds a request: it fetches without any lock and writes through the served bot."""
    import uvicorn


    host = host or settings.host
    port = int(port or settings.port)
    settings = settings.with_overrides(host=host, port=port)  # the Host check trusts the bound host
    check_bind(settings, host)
    _check_port_free(host, port)
    sbot = served(BriefBot(settings))
    if ingest:
        _ingest_with_progress(sbot, [str(s) for s in ingest])
    sbot.warm()
    watcher = _start_watcher(sbot, settings) if watch else None
    app = create_app(sbot, settings)
    url = url_for(host, port)
    messages = [f"briefbot: serving the web UI at {url} and the HTTP API at {url}api (docs: {url}docs)"]
    if settings.auth:
        messages.append("briefbot: web UI login required (BRIEFBOT_AUTH)")
    if settings.api_token:
        messages.append("briefbot: /api requires 'Authorization: Bearer <BRIEFBOT_API_TOKEN>'")
    messages.append("briefbot: press Ctrl+C to stop")

    class _Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:  # listening now: the URL works from this moment
                print("\n".join(messages), flush=True)

    config = uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=3,
                            **uvicorn_options(settings))
    try:
        _Server(config).run()
    finally:
        if watcher is not None:
            watcher.stop()


def _start_watcher(sbot: Any, settings: Settings) -> Any:
    """The feed watcher, writing through the served bot (its readers see each write whole)."""
    store = store_for(settings)
    n = len(store.list())
    print(f"briefbot: polling {n} followed feed{'s' if n != 1 else ''} when due "
          f"(--no-watch turns this off; {store.path})", flush=True)

    def report(feed: Any) -> None:
        print("feed: " + describe(feed), flush=True)

    return Watcher(store, settings, sbot.write_batch, on_poll=report).start()

