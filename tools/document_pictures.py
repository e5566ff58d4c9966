"""Make the pictures of generated documents in docs/documents.md from the demo cases.

    python tools/document_pictures.py [OUTPUT_DIR]        (needs pdftoppm, from poppler-utils)

Everything happens in memory and a temporary folder (deleted afterwards): the demo cases go into
an unencrypted in-memory database, each document is generated as PDF into the temporary folder,
and the pages shown are turned into PNG with pdftoppm.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (file name, document kind, edition, the page to show)
PICTURES = (
    ("documents-cover.png", "overview_report", "published", 1),
    ("documents-contents.png", "overview_report", "published", 2),
    ("documents-action-plan.png", "action_plan", "full", 1),
)
DAY = dt.date(2026, 10, 19)


def main(out: Path) -> list[Path]:
    from dhr_desk.documents import GenerationRequest, generate
    from dhr_desk.domain import Base, Edition
    from dhr_desk.services.demo import load_demo
    from dhr_desk.storage.database import Database, make_plain_engine

    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm is needed (apt-get install poppler-utils).")
    engine = make_plain_engine()
    Base.metadata.create_all(engine)
    db = Database(engine)
    reference = next(r for r in load_demo(db) if r.startswith("DHR"))
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        for name, kind, edition, page in PICTURES:
            pdf = Path(folder) / f"{kind}-{edition}.pdf"
            if not pdf.exists():
                request = GenerationRequest(
                    kind, pdf, reference, "pdf", Edition(edition), today=DAY
                )
                generate(db, request)
            stem = Path(folder) / name.removesuffix(".png")
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "72",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    str(pdf),
                    str(stem),
                ],
                check=True,
            )
            target = out / name
            shutil.move(f"{stem}.png", target)
            made.append(target)
    return made


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    for path in main(folder):
        print(path)
