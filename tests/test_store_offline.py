"""No network: the guard in conftest really stops a connection (so every other test proves the
code under test made none)."""

from __future__ import annotations

import socket

import pytest


def test_the_network_guard_refuses_an_outgoing_connection() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(AssertionError, match="network connection attempted"):
            sock.connect(("127.0.0.1", 9))
    finally:
        sock.close()


def test_no_module_of_the_app_imports_a_network_client() -> None:
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    banned = {"requests", "urllib.request", "http.client", "httpx", "aiohttp", "urllib3"}
    banned |= {"ftplib", "smtplib", "socket", "PySide6.QtNetwork"}
    # The only Qt networking allowed: the local single-instance channel (named pipe / socket).
    local_ipc = {"QLocalServer", "QLocalSocket"}
    offenders = []
    for folder in ("dhr_desk", "ui"):
        for path in (root / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module == "PySide6.QtNetwork":
                    names = [
                        f"{node.module}.{a.name}" for a in node.names if a.name not in local_ipc
                    ]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                offenders += [
                    f"{path.relative_to(root)}: {n}" for n in names if n.startswith(tuple(banned))
                ]
    assert offenders == []
