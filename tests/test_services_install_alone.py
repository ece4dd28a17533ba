"""Each service installs alone from the lock, with what its pyproject.toml declares, and its processes import.

A fresh virtual environment per service gets the service, the kit and the contracts (no test
harness, no other service), with the lock's versions as constraints; then its HTTP app, its
consumer app and its command-line entry points import, and `pip check` finds nothing missing.
"""

from __future__ import annotations

import re
import subprocess
import venv
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY_POINTS = {
    "registration": [
        "registration.entrypoints.http",
        "registration.entrypoints.consumers",
        "registration.entrypoints.seed",
    ],
    "review": ["review.entrypoints.http", "review.entrypoints.consumers", "review.entrypoints.verify"],
    "notify": ["notify.entrypoints.http", "notify.entrypoints.consumers"],
    "reporting": [
        "reporting.entrypoints.http",
        "reporting.entrypoints.consumers",
        "reporting.entrypoints.rebuild",
    ],
}
HARNESSES = ("emutrack_kit_testing", "pytest", "aiosmtpd", "testcontainers")


def _constraints(tmp: Path) -> Path:
    """The lock's pins without their hashes (pip takes no hashes in a constraints file)."""
    pins = re.findall(r"^([A-Za-z0-9_.\-\[\]]+==[^\s\\]+)", (ROOT / "requirements.lock").read_text(), re.M)
    path = tmp / "constraints.txt"
    path.write_text("\n".join(re.sub(r"\[.*\]", "", p) for p in pins) + "\n")
    return path


def _install_alone(service: str, tmp: Path, constraints: Path) -> subprocess.CompletedProcess[str]:
    env_dir = tmp / f"venv-{service}"
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / "bin" / "python")
    packages = [str(ROOT / "contracts"), str(ROOT / "libs" / "kit"), str(ROOT / "services" / service)]
    install = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "-c", str(constraints), *packages],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if install.returncode != 0:
        return install
    script = (
        "import importlib, importlib.util, sys\n"
        f"for name in {ENTRY_POINTS[service]!r}: importlib.import_module(name)\n"
        f"present = [h for h in {HARNESSES!r} if importlib.util.find_spec(h)]\n"
        "sys.exit(f'harnesses installed: {present}') if present else print('imported')\n"
    )
    imported = subprocess.run([python, "-c", script], capture_output=True, text=True, timeout=300)
    if imported.returncode != 0:
        return imported
    return subprocess.run([python, "-m", "pip", "check"], capture_output=True, text=True, timeout=300)


def test_each_service_installs_and_imports_alone_from_the_lock(tmp_path: Path) -> None:
    constraints = _constraints(tmp_path)
    with ThreadPoolExecutor(max_workers=1) as pool:  # two pip builds of the kit in one tree collide
        results = dict(
            zip(
                ENTRY_POINTS,
                pool.map(lambda s: _install_alone(s, tmp_path, constraints), ENTRY_POINTS),
                strict=True,
            )
        )
    failed = {s: (r.stdout + r.stderr)[-3000:] for s, r in results.items() if r.returncode != 0}
    assert failed == {}
