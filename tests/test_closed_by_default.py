"""Closed by default: with no explicit development or test environment, nothing starts with the local key."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from emutrack_kit_testing.processes import APPS, BIN

MESSAGE = "EMT_ENVIRONMENT is not development"


def _env(**more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMT_")}
    return {**env, **more}


@pytest.mark.parametrize("app", sorted(APPS))
def test_a_process_without_an_explicit_environment_refuses_to_start(app: str) -> None:
    module, factory = APPS[app].split(":")
    script = f"import {module} as m; m.{factory}()"
    done = subprocess.run(
        [sys.executable, "-c", script], env=_env(), capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert MESSAGE in done.stderr, done.stderr[-2000:]


def test_production_without_an_issuer_refuses_to_start() -> None:
    env = _env(EMT_ENVIRONMENT="production", EMT_AUTH_MODE="oidc")
    script = "import registration.entrypoints.http as m; m.create_app()"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "EMT_OIDC_ISSUER" in done.stderr, done.stderr[-2000:]


def test_the_token_cli_mints_in_development_only() -> None:
    args = [str(BIN / "emt-token"), "--role", "viewer", "--unit", "ha-noi"]
    refused = subprocess.run(
        args, env=_env(EMT_ENVIRONMENT="test"), capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 2
    assert "development only" in refused.stderr
    minted = subprocess.run(
        args, env=_env(EMT_ENVIRONMENT="development"), capture_output=True, text=True, timeout=60
    )
    assert minted.returncode == 0, minted.stderr
    assert minted.stdout.count(".") == 2  # a JWT
