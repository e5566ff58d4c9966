"""Where the editable templates and the shipped resources (fonts) are.

The repository root (or the folder of a frozen build) is the parent of the ``dhr_desk`` package.
``DHR_DESK_TEMPLATES`` points at another templates folder, e.g. a council's own wording kept on
a shared drive.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dhr_desk.errors import DhrDeskError

ENV_TEMPLATES = "DHR_DESK_TEMPLATES"
FONT_FILES = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    "DejaVuSerif": "DejaVuSerif.ttf",
    "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf",
}


def app_root() -> Path:
    """The folder holding ``dhr_desk/``, ``templates/`` and ``resources/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent.parent


def templates_dir() -> Path:
    override = os.environ.get(ENV_TEMPLATES, "").strip()
    folder = Path(override).expanduser() if override else app_root() / "templates"
    if not folder.is_dir():
        source = f"{ENV_TEMPLATES} names" if override else "DHR Desk expects"
        raise DhrDeskError(
            f"{source} the templates folder {folder}, but it does not exist; "
            "documents cannot be generated without it."
        )
    return folder


def template_file(relative: str) -> Path:
    path = templates_dir() / relative
    if not path.is_file():
        raise DhrDeskError(
            f"The template {path} is missing; restore it from the DHR Desk installation."
        )
    return path


def reference_docx() -> Path:
    return template_file("reference.docx")


def fonts_dir() -> Path:
    return app_root() / "resources" / "fonts"


def typst_layout() -> Path:
    """The layout of the tagged PDFs (``resources/typst/document.typ``)."""
    path = app_root() / "resources" / "typst" / "document.typ"
    if not path.is_file():
        raise DhrDeskError(
            f"The layout file {path} is missing; reinstall DHR Desk to restore resources/typst."
        )
    return path


def font_file(name: str) -> Path:
    path = fonts_dir() / FONT_FILES[name]
    if not path.is_file():
        raise DhrDeskError(
            f"The font file {path} is missing; reinstall DHR Desk to restore resources/fonts."
        )
    return path
