"""The unit ring starts no process and no server: a test that tries fails at once (move it to tests/cli or app)."""
from __future__ import annotations

import socketserver
import subprocess

import pytest


@pytest.fixture(autouse=True)
def _no_processes_or_servers(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("tests/unit must start no process or server: move this test to tests/cli or tests/app")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    monkeypatch.setattr(socketserver.TCPServer, "server_bind", refuse)
