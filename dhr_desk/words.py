"""Plain words shared by every part of DHR Desk: the documents, the command line and the app
all count things the same way ("1 agency", "2 agencies", never "agency(s)")."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 review", "4 reviews", "2 people" (``many`` when the plural is not ``one`` + s)."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
