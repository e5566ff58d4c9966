"""Where the editable templates and the shipped resources (fonts, style sheet) are.

Both are data of the ``dhr_desk`` package: an installed copy (a wheel, or the frozen Windows
build) carries them as ``dhr_desk/templates`` and ``dhr_desk/resources`` and finds them through
``importlib.resources``, wherever it is installed. A source checkout (and an editable install)
keeps them at the top of the repository, beside the package, and uses those.
``DHR_DESK_TEMPLATES`` points at another templates folder, e.g. a council's own wording kept on
a shared drive.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from dhr_desk.errors import DhrDeskError

ENV_TEMPLATES = "DHR_DESK_TEMPLATES"
SHIPPED_FOLDERS = ("templates", "resources")
FONT_FILES = {
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    "DejaVuSerif": "DejaVuSerif.ttf",
    "DejaVuSerif-Bold": "DejaVuSerif-Bold.ttf",
}


def shipped_folder(name: str) -> Path:
    """The shipped folder ``name`` (``templates`` or ``resources``): the package's own copy when
    installed, else the checkout's. Returned even when missing; callers say what is wrong."""
    installed = resources.files("dhr_desk").joinpath(name)
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent.parent / name


def app_root() -> Path:
    """The folder holding ``templates/`` and ``resources/``."""
    return shipped_folder("templates").parent


def templates_dir() -> Path:
    override = os.environ.get(ENV_TEMPLATES, "").strip()
    folder = Path(override).expanduser() if override else shipped_folder("templates")
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


def resources_dir() -> Path:
    return shipped_folder("resources")


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def typst_layout() -> Path:
    """The layout of the tagged PDFs (``resources/typst/document.typ``)."""
    path = resources_dir() / "typst" / "document.typ"
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
