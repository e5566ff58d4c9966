"""Packaging that pyproject.toml cannot say on its own (the metadata is all in pyproject.toml).

``templates/`` and ``resources/`` stay at the top of the repository, but a wheel carries them
inside the package, as ``dhr_desk/templates`` and ``dhr_desk/resources``, so that an installed
copy finds them wherever it is installed (``dhr_desk.documents.locations``). Every file in them,
in whatever sub-folder, is shipped: tests/test_packaging.py checks it.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

DATA_FOLDERS = {"dhr_desk.templates": "templates", "dhr_desk.resources": "resources"}


def data_packages(package: str, folder: str) -> list[str]:
    """The package for ``folder`` and one for each of its sub-folders."""
    root = Path(__file__).resolve().parent / folder
    names = [package]
    for sub in sorted(path for path in root.rglob("*") if path.is_dir()):
        parts = sub.relative_to(root).parts
        if not any(part.startswith((".", "__")) for part in parts):
            names.append(".".join((package, *parts)))
    return names


DATA_PACKAGES = [name for pkg, src in DATA_FOLDERS.items() for name in data_packages(pkg, src)]

setup(
    packages=find_namespace_packages(include=["dhr_desk", "dhr_desk.*", "ui", "ui.*"])
    + DATA_PACKAGES,
    package_dir=DATA_FOLDERS,
    package_data={
        "dhr_desk": [
            "migrations/*.ini",
            "migrations/*.py",
            "migrations/versions/*.py",
            "casefile/*.json",
        ],
        **{name: ["*"] for name in DATA_PACKAGES},
    },
)
