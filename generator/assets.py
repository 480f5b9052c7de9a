"""Files the company data points to (seal image, logo, attachments): what
kind a file is and whether a path may be embedded.

The PDF embeds these files, so a path in the data decides what leaves the
machine inside a bid. The same confinement is enforced twice: by the
`asset-path` rule (generator/rules/assets.py), so a bid writer sees the
mistake with file:line before building, and by the PDF renderer's URL
fetcher (generator/pdf.py), which refuses anything else at render time. Both
import these helpers from here, so rendering never imports the rules.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath


#: what a seal or logo may be (shown with <img>); attachments may also be PDF
IMAGE_KINDS = ("png", "jpeg", "svg")
ATTACHMENT_KINDS = IMAGE_KINDS + ("pdf",)
KIND_NAMES = {"png": "PNG", "jpeg": "JPEG", "svg": "SVG", "pdf": "PDF"}

_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
_SVG_RE = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]", re.S | re.I)


def sniff_kind(head: bytes) -> str | None:
    """png, jpeg, svg or pdf by the file's first bytes (not its name: a
    renamed file must not pass as an image)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if _SVG_RE.match(head.removeprefix(b"\xef\xbb\xbf")):
        return "svg"
    return None


def read_head(path: Path, size: int = 2048) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(size)


def is_inside(path: str | Path, root: str | Path) -> bool:
    """Whether path, with every symlink resolved, lies within root (also resolved)."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def path_problem(value: str, root: Path, kinds: tuple[str, ...]) -> str | None:
    """Why a file reference in the data is not acceptable, in Chinese, or None."""
    hint = f"应写成项目目录内的相对路径，如 assets/{'seal.png' if 'pdf' not in kinds else 'license.pdf'}"
    if _SCHEME_RE.match(value) and not PureWindowsPath(value).drive:
        return f"“{value}”是网址；PDF 只能嵌入本项目内的文件，{hint}"
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).is_absolute() or PureWindowsPath(value).drive or value.startswith("\\"):
        return f"“{value}”是绝对路径；{hint}（相对于项目根目录）"
    if ".." in re.split(r"[\\/]", value):
        return f"“{value}”用 .. 指向项目目录之外；{hint}"
    path = root / value
    if not os.path.lexists(path):
        return f"文件“{value}”不存在；{hint}，并确认文件已放入项目"
    if not is_inside(path, root):
        return f"“{value}”是指向项目目录之外的符号链接；请把文件本身复制到项目内"
    if not path.is_file():
        return f"“{value}”不是普通文件；{hint}"
    allowed = "、".join(KIND_NAMES[k] for k in kinds)
    try:
        kind = sniff_kind(read_head(path))
    except OSError as exc:
        return f"文件“{value}”无法读取（{exc.strerror}）"
    if kind not in kinds:
        found = f"是 {KIND_NAMES[kind]} 文件" if kind else "不是图片或 PDF"
        return f"文件“{value}”{found}；这里只能用 {allowed} 文件（按文件内容判断，不看扩展名）"
    return None
