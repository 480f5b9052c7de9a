"""Which files of a project shape its printed documents (PDF and .docx).

Kept apart from pdf.py and word.py so that `tender build --no-pdf` can tell
whether a cached PDF still matches the data (build.pdf_key) without importing
WeasyPrint or python-docx, which takes longer than the whole preview build.
Reading these files safely (confinement to the project) stays with the
renderers; this module only names them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
#: where print templates are looked for when the project has none of its
#: own: the copy installed with the package, then the source checkout
DEFAULT_TEMPLATE_DIRS = (PACKAGE_DIR / "_project" / "templates" / "print", PACKAGE_DIR.parent / "templates" / "print")
#: the company's Word look when company.yaml names none
WORD_REFERENCE = Path("templates") / "word" / "reference.docx"


def find_template_dir(root: Path) -> Path | None:
    """The project's own print templates if it has them, else the shipped ones."""
    for candidate in (Path(root) / "templates" / "print", *DEFAULT_TEMPLATE_DIRS):
        if (candidate / "body.html").is_file():
            return candidate
    return None


def named_word_template(project: Any) -> tuple[Path | None, bool]:
    """(path, named): company.yaml `word_template` resolved against the root
    (named=True; the caller confines it), else templates/word/reference.docx
    if present, else None."""
    root = Path(project.root)
    named = getattr(project.company, "word_template", None) if project.company is not None else None
    if named:
        return (root / named).resolve(), True
    candidate = root / WORD_REFERENCE
    return (candidate if candidate.is_file() else None), False
