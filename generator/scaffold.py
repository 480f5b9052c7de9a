"""`tender new DIR`: a working project with the example company.

The example comes from the installed wheel (``generator/_project/``, put there
by pyproject's force-include) or, in a source checkout, from the repository
root. Only the project parts are copied: commitments/, templates/, mkdocs.yml
(plus a .gitignore for the outputs).

Bids are confidential. In an editable install the "example" is the user's
own repository, whose commitments/bids/ may hold real, uncommitted bids; so
only the example bids named in EXAMPLE_BIDS are ever copied, never whatever
else lies in that folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PARTS = ("commitments", "templates", "mkdocs.yml")
GITIGNORE = "site/\nbuild/\n.tender-cache/\n"
#: the example bids that ship with the package (pyproject force-includes exactly these)
EXAMPLE_BIDS = ("lj-expo-led.yaml", "lw-hospital-hvac.yaml")
BIDS = Path("commitments") / "bids"


class ScaffoldError(Exception):
    pass


def example_source() -> Path:
    for candidate in (PACKAGE_DIR / "_project", PACKAGE_DIR.parent):
        if (candidate / "mkdocs.yml").is_file() and (candidate / "commitments" / "company.yaml").is_file():
            return candidate
    raise ScaffoldError("找不到示例项目（安装包中的 generator/_project/ 或源码仓库根目录）；请重新安装 tender")


def _ignore(directory: str, names: list[str]) -> set[str]:
    skip = {n for n in names if n in ("__pycache__", ".tender-cache") or n.endswith(".pyc")}
    if Path(directory).parts[-2:] == BIDS.parts:
        skip |= {n for n in names if n not in EXAMPLE_BIDS}
    return skip


def new_project(target: Path) -> Path:
    target = target.absolute()
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} 已存在且不是目录")
    if target.is_dir() and any(target.iterdir()):
        raise ScaffoldError(f"目录 {target} 不是空的；请指定一个新目录或空目录，以免覆盖已有文件")
    source = example_source()
    try:
        target.mkdir(parents=True, exist_ok=True)
        for part in PARTS:
            src = source / part
            if src.is_dir():
                shutil.copytree(src, target / part, ignore=_ignore)
            elif src.is_file():
                shutil.copy2(src, target / part)
        (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    except OSError as exc:
        raise ScaffoldError(f"无法在 {target} 创建项目：{exc.strerror or exc}") from None
    return target
