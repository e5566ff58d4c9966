"""Load the fictional training cases (two DHRs, three Community Triggers) for training and trying
the app. The cases go through the case file importer, like any imported file.

Loading them changes nothing else: the council's own settings (its name, the partnership, the
coordinator) stay as they are, so a document made later never names the fictional council.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from dhr_desk.casefile import import_into
from dhr_desk.casefile.demo import demo_documents
from dhr_desk.domain import Case
from dhr_desk.errors import DhrDeskError
from dhr_desk.storage.database import Database


class DemoAlreadyLoadedError(DhrDeskError):
    exit_code = 3


def load_demo(db: Database, anchor: dt.date | None = None) -> list[str]:
    """Add the demo cases in one transaction; returns their references.

    Refuses (changing nothing) when any demo reference is already in the database.
    ``anchor`` moves the demo's dates (by whole weeks) so the cases look live on that day.
    """
    documents = demo_documents(anchor)
    references = [d["case"]["reference"] for d in documents]
    with db.session() as session:
        present = list(
            session.scalars(select(Case.reference).where(Case.reference.in_(references)))
        )
        if present:
            raise DemoAlreadyLoadedError(
                f"The demo cases are already loaded ({', '.join(sorted(present))} is in the "
                "database); nothing was changed."
            )
        for document in documents:
            import_into(session, document, f"demo case {document['case']['reference']}")
    return references
