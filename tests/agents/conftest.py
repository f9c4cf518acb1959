"""Fixtures: the real `mnemo` binary on a temporary store, over stdio and over HTTP on loopback."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache/mnemo/target"))
MNEMO = os.environ.get("MNEMO_BIN", str(TARGET / "debug" / "mnemo"))


@pytest.fixture
def store():
    d = tempfile.mkdtemp(prefix="mnemo-agents-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


def env_for(store_dir: str) -> dict:
    return {**os.environ, "MNEMO_TOKEN_FILE": str(Path(store_dir) / "token"), "RUST_LOG": "warn"}


class Served:
    def __init__(self, proc: subprocess.Popen, url: str):
        self.proc = proc
        u = urlparse(url)
        self.origin = f"{u.scheme}://{u.netloc}"
        self.token = parse_qs(u.query)["token"][0]


@pytest.fixture
def served(store):
    """`mnemo serve --port 0` on the temporary store; its first line is the URL with the token."""
    proc = subprocess.Popen(
        [MNEMO, "--db", store, "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env_for(store),
    )
    line = proc.stdout.readline().strip()
    assert line.startswith("http://127.0.0.1:"), f"unexpected first line: {line!r}"
    yield Served(proc, line)
    proc.terminate()
    proc.wait(timeout=30)
