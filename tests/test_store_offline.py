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
    banned = {
        "requests",
        "urllib.request",
        "http.client",
        "httpx",
        "aiohttp",
        "urllib3",
        "ftplib",
        "smtplib",
        "socket",
        "PySide6.QtNetwork",
    }
    offenders = []
    for folder in ("dhr_desk", "ui"):
        for path in (root / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module == "PySide6.QtNetwork":
                    # only the local single-instance channel (named pipe / local socket)
                    names = [f"{node.module}.{a.name}" for a in node.names]
                    names = [n if n not in local_ipc else "" for n in names]
                    banned_here = {n for n in names if n}
                    offenders += [f"{path.relative_to(root)}: {n}" for n in banned_here]
                    continue
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                offenders += [f"{path.relative_to(root)}: {n}" for n in names if n in banned]
    assert offenders == []
