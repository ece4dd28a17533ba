"""Runs the services as separate processes (uvicorn), for end-to-end tests and benchmarks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent
APPS = {
    "registration-http": "registration.entrypoints.http:create_app",
    "registration-consumer": "registration.entrypoints.consumers:create_app",
    "review-http": "review.entrypoints.http:create_app",
    "review-consumer": "review.entrypoints.consumers:create_app",
    "notify-http": "notify.entrypoints.http:create_app",
    "notify-consumer": "notify.entrypoints.consumers:create_app",
    "reporting-http": "reporting.entrypoints.http:create_app",
    "reporting-consumer": "reporting.entrypoints.consumers:create_app",
    "access-http": "access.entrypoints.http:create_app",
    "access-consumer": "access.entrypoints.consumers:create_app",
    "portal": "portal.entrypoints.http:create_app",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Slice:
    """Starts, kills and restarts the services' processes of one test."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = {**os.environ, **env}
        self.logs = logs
        self.ports = {name: _free_port() for name in APPS}
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def url(self, name: str) -> str:
        """Base URL of a process."""
        return f"http://127.0.0.1:{self.ports[name]}"

    def start(self, name: str, **extra_env: str) -> None:
        """Start one process and wait until its /health answers."""
        log = (self.logs / f"{name}.log").open("ab")
        self.procs[name] = subprocess.Popen(  # noqa: S603 - our own entry points
            [
                str(BIN / "uvicorn"),
                "--factory",
                APPS[name],
                "--host",
                "127.0.0.1",
                "--port",
                str(self.ports[name]),
                "--log-level",
                "warning",
            ],
            env={**self.env, **extra_env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            if self.procs[name].poll() is not None:
                raise RuntimeError(f"{name} exited: {(self.logs / f'{name}.log').read_text()[-3000:]}")
            try:
                if httpx.get(self.url(name) + "/health", timeout=1).status_code < 300:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} not healthy: {(self.logs / f'{name}.log').read_text()[-3000:]}")
            time.sleep(0.2)

    def wait_exit(self, name: str, timeout: float = 60) -> int:
        """Wait for a process to end by itself; its exit code."""
        return self.procs[name].wait(timeout=timeout)

    def stop(self, name: str) -> None:
        """Stop a process gracefully (SIGTERM), or kill it if it hangs."""
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def kill(self, name: str) -> None:
        """Kill a process at once (SIGKILL): no shutdown hook runs, nothing is flushed."""
        proc = self.procs.pop(name, None)
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()

    def stop_all(self) -> None:
        """Stop every process still running."""
        for name in list(self.procs):
            self.stop(name)
