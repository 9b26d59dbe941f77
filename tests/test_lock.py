"""pyproject.toml and the lock files in requirements/ agree (fast, no network).

scripts/bootstrap.sh installs only what the locks pin (``pip install --require-hashes``),
so a requirement added to pyproject without re-running ``scripts/lock.sh`` would make a
fresh install differ from the developer's. These checks fail first and say what to run.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
REQS = ROOT / "requirements"
REFRESH = "run scripts/lock.sh and commit requirements/"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def read_lock(path: Path) -> dict[str, Version]:
    """``{canonical name: pinned version}`` of a ``uv pip compile`` lock file."""
    pins: dict[str, Version] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            pins[canonicalize_name(match.group(1))] = Version(match.group(2))
    return pins


def hashed_entries(path: Path) -> dict[str, int]:
    """``{canonical name: number of --hash lines}`` for every pinned entry."""
    counts: dict[str, int] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            counts[current] = 0
        elif current and line.strip().startswith("--hash=sha256:"):
            counts[current] += 1
    return counts


def project_requirements(extras: tuple[str, ...]) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    for extra in extras:
        reqs += [Requirement(r) for r in project["optional-dependencies"][extra]]
    return [r for r in reqs if r.marker is None or r.marker.evaluate({"extra": ""})]


def _mismatches(reqs: list[Requirement], pins: dict[str, Version]) -> list[str]:
    problems = []
    for req in reqs:
        version = pins.get(canonicalize_name(req.name))
        if version is None:
            problems.append(f"{req} is not in the lock")
        elif not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req} but the lock pins {version}")
    return problems


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("runtime.lock", ("local",)), ("dev.lock", ("local", "dev"))],
)
def test_every_pyproject_requirement_is_locked_at_a_satisfying_version(lock: str, extras: tuple[str, ...]) -> None:
    problems = _mismatches(project_requirements(extras), read_lock(REQS / lock))
    assert not problems, f"{lock} disagrees with pyproject.toml ({REFRESH}):\n  " + "\n  ".join(problems)


def test_dev_tools_stay_out_of_the_runtime_lock() -> None:
    runtime = read_lock(REQS / "runtime.lock")
    runtime_names = {canonicalize_name(r.name) for r in project_requirements(("local",))}
    # by name: a dev extra of a runtime package (llama-cpp-python[server]) leaves the package runtime
    dev_only = [r.name for r in project_requirements(("dev",)) if canonicalize_name(r.name) not in runtime_names]
    leaked = [name for name in dev_only if canonicalize_name(name) in runtime]
    assert not leaked, f"dev-only packages in runtime.lock: {leaked} ({REFRESH})"


def test_runtime_and_dev_locks_pin_the_same_versions() -> None:
    runtime, dev = read_lock(REQS / "runtime.lock"), read_lock(REQS / "dev.lock")
    differ = {n: (v, dev.get(n)) for n, v in runtime.items() if dev.get(n) != v}
    assert not differ, f"runtime.lock and dev.lock disagree on {differ} ({REFRESH})"


def test_torch_is_the_cpu_build() -> None:
    """A CUDA torch would add several GB of nvidia-* wheels to every install."""
    for lock in ("runtime.lock", "dev.lock"):
        pins = read_lock(REQS / lock)
        assert pins["torch"].local == "cpu", f"{lock} pins torch {pins['torch']}, not the CPU wheel ({REFRESH})"
        cuda = sorted(n for n in pins if n.startswith(("nvidia-", "triton")))
        assert not cuda, f"{lock} pulls CUDA packages {cuda}"


@pytest.mark.parametrize("lock", ["runtime.lock", "dev.lock", "models.lock", "models-test.lock"])
def test_every_pin_carries_a_hash(lock: str) -> None:
    counts = hashed_entries(REQS / lock)
    assert counts, f"{lock} pins nothing"
    unhashed = [name for name, n in counts.items() if n == 0]
    assert not unhashed, f"{lock}: no --hash for {unhashed}; pip --require-hashes would refuse it ({REFRESH})"


@pytest.mark.parametrize(("lock", "source"), [("models.lock", "models.in"), ("models-test.lock", "models-test.in")])
def test_model_part_locks_pin_exactly_their_inputs(lock: str, source: str) -> None:
    wanted = {
        canonicalize_name(Requirement(line).name)
        for line in (REQS / source).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert set(read_lock(REQS / lock)) == wanted, f"{lock} does not match {source} ({REFRESH})"


def test_bootstrap_installs_from_the_locks() -> None:
    script = (ROOT / "scripts" / "bootstrap.sh").read_text(encoding="utf-8")
    for lock in ("runtime.lock", "dev.lock", "models.lock", "models-test.lock"):
        assert f"requirements/{lock}" in script, f"scripts/bootstrap.sh does not install requirements/{lock}"
    assert "--require-hashes" in script
