"""Reading the plans companies already have: .docx, .pdf, .txt and .md.

A document becomes a list of blocks (heading, paragraph or table row) in the
order a reader sees them, each with the line a finding should name:

- .docx: the 1-based ordinal of the paragraph or table row in body order
  (empty paragraphs are counted but give no block, so ordinals match Word);
- .pdf: the extracted text line (a paragraph wrapped over several lines is
  one block; ``Block.locate`` maps an offset back to its physical line);
- .txt/.md: the real line, and the text is the line verbatim so that a
  column is the real column.

Everything here is bounded because the input comes from e-mails and tender
portals: a size limit, a zip-bomb guard that reads the zip directory before
python-docx sees it, no DOCTYPE/entities in OOXML parts (XXE), a page and time
budget for PDFs, and nothing is read but the given file (python-docx gets the
bytes we already read, not the path). Every failure is a DocumentError whose
Chinese message names the file; the CLI turns it into exit 2.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

#: biggest input file read at all (a 50-page Word plan with pictures is ~5 MB)
MAX_FILE_BYTES = 50 * 1024 * 1024
#: a .docx zip: total uncompressed bytes, members, and compression ratio of a big member
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_RATIO = 200
#: PDFs: pages and seconds spent extracting before giving up
MAX_PDF_PAGES = 2000
PDF_SECONDS = 60.0
#: how many blocks (paragraphs/rows) a document may have
MAX_BLOCKS = 200_000
#: how many characters of text: a 50-page plan has ~50,000; the text rules
#: take about 20 µs a character, so this bounds a check at well under a minute
MAX_TEXT_CHARS = 2_000_000

CELL_SEP = "｜"
FORMATS = {".docx": "docx", ".pdf": "pdf", ".txt": "txt", ".md": "md", ".markdown": "md"}


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or table row, in document order."""

    line: int  # 1-based: .docx = paragraph/table-row ordinal; .pdf = extracted line; .txt/.md = real line
    text: str  # original text; a .docx/.pdf table row's cells joined with "｜" (.md: the line verbatim)
    kind: str  # "heading" | "paragraph" | "row"
    cells: tuple[str, ...] = ()
    level: int = 0  # heading level when known
    #: offsets in ``text`` where a new physical line starts (a PDF paragraph wrapped over lines)
    breaks: tuple[int, ...] = field(default=(), compare=False)

    def locate(self, offset: int) -> tuple[int, int]:
        """(line, col), both 1-based, of the character at ``offset`` in text."""
        line, start = self.line, 0
        for b in self.breaks:
            if offset < b:
                break
            line, start = line + 1, b
        return line, offset - start + 1


@dataclass
class Document:
    path: Path
    format: str  # "docx" | "pdf" | "txt" | "md"
    blocks: list[Block]
    meta: dict = field(default_factory=dict)  # author, creator, producer, dates, ids… as found

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


class DocumentError(Exception):
    """A document that cannot be read; the message is Chinese and names the file."""


def read_document(path: Path) -> Document:
    """Read one plan; raises DocumentError (never anything else) on bad input."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DocumentError(f"{path}：不支持的文件类型“{path.suffix or '（无扩展名）'}”；可检查 .docx、.pdf、.txt 或 .md（旧版 .doc/.wps 请先另存为 .docx）")
    data = _read_bytes(path)
    _refuse_wrong_content(path, data, fmt)
    try:
        if fmt == "docx":
            blocks, meta = _read_docx(path, data)
        elif fmt == "pdf":
            blocks, meta = _read_pdf(path, data)
        else:
            blocks, meta = _read_text(path, data, fmt)
    except DocumentError:
        raise
    except MemoryError:
        raise DocumentError(f"{path}：文件内容过大，内存不足，无法读取") from None
    except RecursionError:
        raise DocumentError(f"{path}：文件结构嵌套过深，无法读取（可能已损坏或是恶意构造的文件）") from None
    except Exception as exc:  # noqa: BLE001 - third-party parsers raise anything on hostile input
        raise DocumentError(f"{path}：文件已损坏或格式不对，无法读取（{type(exc).__name__}）") from None
    if len(blocks) > MAX_BLOCKS:
        raise DocumentError(f"{path}：段落过多（超过 {MAX_BLOCKS} 段），不像一份售后服务方案")
    chars = sum(len(b.text) for b in blocks)
    if chars > MAX_TEXT_CHARS:
        raise DocumentError(f"{path}：文字过多（{chars // 10000} 万字，上限 {MAX_TEXT_CHARS // 10000} 万字），不像一份售后服务方案；请拆分后再检查")
    return Document(path, fmt, blocks, meta)


# ---------------------------------------------------------------- input bytes


def _read_bytes(path: Path) -> bytes:
    try:
        if not path.is_file():
            raise DocumentError(f"{path}：不存在或不是普通文件")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentError(f"{path}：文件太大（{size / 1048576:.0f} MB，上限 {MAX_FILE_BYTES // 1048576} MB）；售后服务方案通常只有几 MB，请删去图片或拆分后再检查")
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DocumentError(f"{path}：无法读取（{exc.strerror or exc}）") from None
    if len(data) > MAX_FILE_BYTES:  # grew while we read it
        raise DocumentError(f"{path}：文件太大（上限 {MAX_FILE_BYTES // 1048576} MB）")
    return data


_IMAGES = ((b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"), (b"GIF8", "GIF 图片"), (b"BM", "BMP 图片"),
           (b"II*\x00", "TIFF 图片"), (b"MM\x00*", "TIFF 图片"), (b"RIFF", "图片或音视频"))
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _refuse_wrong_content(path: Path, data: bytes, fmt: str) -> None:
    """A file whose bytes are not what its name says gets a message that says what it is."""
    for magic, what in _IMAGES:
        if data.startswith(magic):
            raise DocumentError(f"{path}：这是一个{what}，不是文字文档；tender 不做文字识别（OCR），请提供 Word、文字版 PDF 或文本文件")
    if not data.strip():
        raise DocumentError(f"{path}：文件是空的")
    if fmt == "docx":
        if data.startswith(_OLE):
            raise DocumentError(f"{path}：这是加密的 Word 文件或旧版 .doc 格式；请去掉密码并另存为 .docx 后再检查")
        if not data.startswith(b"PK"):
            raise DocumentError(f"{path}：不是有效的 .docx 文件（不是 Word 2007 及以后的格式，或文件已损坏）")
    elif fmt == "pdf" and b"%PDF-" not in data[:1024]:
        raise DocumentError(f"{path}：不是有效的 PDF 文件（缺少 PDF 文件头，可能已损坏或扩展名不对）")


# ---------------------------------------------------------------- text files


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM. A GBK/GB18030 file is
    refused with a message rather than guessed: a wrong guess would check
    mojibake and report nonsense, and one "另存为 UTF-8" fixes it for good."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError(f"{path}：UTF-16 编码有误，无法读取；请另存为 UTF-8") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError(f"{path}：{_guess_encoding(data)}；请用记事本或 WPS“另存为”UTF-8 编码后再检查") from None
    if "\x00" in text:
        raise DocumentError(f"{path}：含有二进制内容（NUL 字节），不是文本文件；若是 UTF-16 文件请加上 BOM 或另存为 UTF-8")
    return text


def _guess_encoding(data: bytes) -> str:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return "不是 UTF-8 编码的文本（也不是 GBK），可能是二进制文件"
    return "不是 UTF-8 编码，看起来是 GBK/GB18030（简体中文 Windows 的默认编码）"


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _read_text(path: Path, data: bytes, fmt: str) -> tuple[list[Block], dict]:
    text = decode_text(path, data)
    blocks = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if fmt == "md":
            blocks.append(_md_block(number, line))
        else:
            blocks.append(Block(number, line, "paragraph"))
    return [b for b in blocks if b is not None], {}


def _md_block(number: int, line: str) -> Block | None:
    heading = _MD_HEADING.match(line)
    if heading:
        return Block(number, line, "heading", level=len(heading.group(1)))
    if line.lstrip().startswith("|"):
        if _MD_RULE.match(line):
            return None
        cells = tuple(c.strip() for c in line.strip().strip("|").split("|"))
        return Block(number, line, "row", cells)
    return Block(number, line, "paragraph")


# ---------------------------------------------------------------- .docx


def _guard_zip(path: Path, data: bytes) -> None:
    """Look at the zip directory before any parser inflates a member: a zip
    bomb declares (and zipfile then enforces) sizes far beyond a real plan;
    an OOXML part never needs a DOCTYPE, so one is treated as an XXE attempt."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DocumentError(f"{path}：不是有效的 .docx 文件（压缩包已损坏）") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise DocumentError(f"{path}：压缩包内文件过多（{len(members)} 个），不像 Word 文档，可能是恶意构造的文件")
        total = 0
        for m in members:
            if m.flag_bits & 0x1:
                raise DocumentError(f"{path}：压缩包已加密，无法读取；请去掉密码后另存为 .docx")
            total += m.file_size
            if m.file_size > 10 * 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                raise DocumentError(f"{path}：压缩包内“{m.filename}”解压后异常膨胀（{m.file_size // max(m.compress_size, 1)} 倍），疑似压缩炸弹，已拒绝")
        if total > MAX_UNZIPPED_BYTES:
            raise DocumentError(f"{path}：解压后过大（{total // 1048576} MB，上限 {MAX_UNZIPPED_BYTES // 1048576} MB），疑似压缩炸弹，已拒绝")
        names = {m.filename for m in members}
        if "word/document.xml" not in names and "[Content_Types].xml" not in names:
            raise DocumentError(f"{path}：压缩包里没有 Word 正文（word/document.xml），不是 .docx 文件")
        for m in members:
            if m.filename.endswith((".xml", ".rels")):
                with archive.open(m) as fh:
                    head = fh.read(4096)
                if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                    raise DocumentError(f"{path}：“{m.filename}”含有 DOCTYPE/实体声明（Word 从不写这些），可能是 XXE 攻击文件，已拒绝")


def _read_docx(path: Path, data: bytes) -> tuple[list[Block], dict]:
    _guard_zip(path, data)
    import docx  # python-docx parses with resolve_entities=False; _guard_zip already refused DOCTYPEs
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError):
        raise DocumentError(f"{path}：不是有效的 .docx 文件（缺少 Word 正文部分，或是 .docx 以外的 Office 文件）") from None
    blocks: list[Block] = []
    counter = [0]
    _walk_body(document.element.body, _StyleNames(document), blocks, counter)
    return blocks, _docx_meta(document)


class _StyleNames:
    """Paragraph style id → name, read once (python-docx's para.style scans
    every style for every paragraph: seconds on a 50-page plan)."""

    def __init__(self, document) -> None:
        self.document = document
        self.names: dict[str, str] = {}
        try:
            for st in document.styles.element.iterchildren(f"{_W}style"):
                sid = st.get(f"{_W}styleId")
                name = st.find(f"{_W}name")
                if sid and name is not None:
                    self.names[sid] = name.get(f"{_W}val") or ""
        except (KeyError, ValueError, AttributeError):  # no styles part: no headings by style
            pass

    def of(self, p) -> str:
        ppr = p.find(f"{_W}pPr")
        pstyle = ppr.find(f"{_W}pStyle") if ppr is not None else None
        return self.names.get(pstyle.get(f"{_W}val"), "") if pstyle is not None else ""


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _walk_body(parent, styles: _StyleNames, blocks: list[Block], counter: list[int]) -> None:
    """Paragraphs and table rows in body order; content controls (w:sdt) are
    opened, nested tables follow the row that holds them."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = styles.document
    for child in parent.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            counter[0] += 1
            para = Paragraph(child, document)
            text = para.text
            if text.strip():
                level = _heading_level(child, styles.of(child))
                blocks.append(Block(counter[0], text, "heading" if level else "paragraph", level=level))
        elif tag == f"{_W}tbl":
            _walk_table(Table(child, document), document, blocks, counter)
        elif tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _walk_body(content, styles, blocks, counter)


def _walk_table(table, document, blocks: list[Block], counter: list[int]) -> None:
    for tr in table._tbl.tr_lst:
        counter[0] += 1
        cells, nested, seen = [], [], set()
        for tc in tr.tc_lst:
            if id(tc) in seen:
                continue
            seen.add(id(tc))
            if tc.vMerge == "continue":  # the lower part of a vertically merged cell repeats nothing
                cells.append("")
                continue
            texts = []
            for p in tc.iterchildren(f"{_W}p"):
                from docx.text.paragraph import Paragraph

                texts.append(Paragraph(p, document).text)
            cells.append("\n".join(t for t in texts if t.strip()))
            nested += list(tc.iterchildren(f"{_W}tbl"))
        if any(c.strip() for c in cells):
            blocks.append(Block(counter[0], CELL_SEP.join(cells), "row", tuple(cells)))
        for inner in nested:
            from docx.table import Table

            _walk_table(Table(inner, document), document, blocks, counter)


_HEADING_STYLE = re.compile(r"^(?:heading|标题|title)\s*(\d)?$", re.IGNORECASE)


def _heading_level(p, style_name: str) -> int:
    """Heading level from the style name (Heading 2, 标题 2) or the outline level."""
    m = _HEADING_STYLE.match(style_name.strip())
    if m:
        return int(m.group(1) or 1)
    ppr = p.find(f"{_W}pPr")
    lvl = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
    if lvl is not None:
        try:
            value = int(lvl.get(f"{_W}val"))
        except (TypeError, ValueError):
            return 0
        return value + 1 if 0 <= value < 9 else 0
    return 0


def _docx_meta(document) -> dict:
    meta = {}
    try:
        cp = document.core_properties
    except Exception:  # noqa: BLE001 - a broken docProps part is not worth refusing the plan
        return meta
    for key in ("author", "last_modified_by", "title", "subject", "keywords", "comments", "category", "identifier", "revision", "created", "modified", "last_printed"):
        try:
            value = getattr(cp, key)
        except Exception:  # noqa: BLE001
            continue
        if value not in (None, "", 0):
            meta[key] = value.isoformat() if hasattr(value, "isoformat") else value
    for rel in document.part.package.rels.values():
        if rel.reltype.endswith("/extended-properties") and not rel.is_external:
            m = re.search(rb"<(?:\w+:)?Application>([^<]{1,200})<", rel.target_part.blob)
            if m:
                meta["creator"] = m.group(1).decode("utf-8", "replace")
    return meta


# ---------------------------------------------------------------- .pdf


_SENTENCE_END = tuple("。！？；：:;!?」』”）)")
_ITEM_START = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[、.．)）]|第[一二三四五六七八九十\d]+[章节条]|[●■◆•·\-—①-⑳])")


def _read_pdf(path: Path, data: bytes) -> tuple[list[Block], dict]:
    import logging

    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    started = time.monotonic()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise DocumentError(f"{path}：PDF 已加密（需要密码），无法读取；请提供未加密的版本") from None
    except Exception as exc:  # noqa: BLE001
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise DocumentError(f"{path}：PDF 已加密（需要密码），无法读取；请提供未加密的版本") from None
        raise DocumentError(f"{path}：PDF 文件已损坏或结构不对，无法读取（{type(exc).__name__}）") from None
    try:
        return _pdf_blocks(path, pdf, started)
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises anything on a broken file
        raise DocumentError(f"{path}：PDF 文件已损坏或结构不对，无法读取（{type(exc).__name__}）") from None


def _pdf_blocks(path: Path, pdf, started: float) -> tuple[list[Block], dict]:
    with pdf:
        if len(pdf.pages) > MAX_PDF_PAGES:
            raise DocumentError(f"{path}：PDF 页数过多（{len(pdf.pages)} 页，上限 {MAX_PDF_PAGES}）")
        lines: list[tuple[int, dict]] = []
        number = 0
        for page in pdf.pages:
            if time.monotonic() - started > PDF_SECONDS:
                raise DocumentError(f"{path}：PDF 读取超时（超过 {PDF_SECONDS:.0f} 秒），可能已损坏或结构异常")
            page_lines = page.extract_text_lines(return_chars=False, strip=True)
            right = max((ln["x1"] for ln in page_lines), default=0)
            left = min((ln["x0"] for ln in page_lines), default=0)
            gaps = [b["top"] - a["bottom"] for a, b in zip(page_lines, page_lines[1:]) if b["top"] > a["bottom"] - 1]
            pitch = min(gaps, default=0)
            spaced = any(g > pitch + 2 for g in gaps)  # paragraphs set apart by spacing
            for ln in page_lines:
                number += 1
                lines.append((number, {**ln, "right": right, "left": left, "pitch": pitch, "spaced": spaced}))
            page.close()
        meta = _pdf_meta(pdf)
        if not any(ln["text"].strip() for _, ln in lines):
            raise DocumentError(f"{path}：PDF 没有文字层（{len(pdf.pages)} 页都是图像，可能是扫描件）；tender 不做文字识别（OCR），无法检查，这不代表没有问题。请提供 Word 或文字版 PDF")
    return _join_wrapped(lines), meta


def _join_wrapped(lines: list[tuple[int, dict]]) -> list[Block]:
    """A paragraph wrapped by the PDF's layout becomes one block again: a line
    that reaches the right margin and does not end a sentence continues on the
    next line unless that one starts a new item."""
    blocks: list[Block] = []
    current: list[tuple[int, str]] = []

    def flush():
        if current:
            text, breaks = "", []
            for _, t in current:
                if text:
                    breaks.append(len(text))
                text += t
            blocks.append(Block(current[0][0], text, "paragraph", breaks=tuple(breaks)))
            current.clear()

    prev = None
    for number, ln in lines:
        text = ln["text"]
        if not text.strip():
            continue
        if current and prev is not None and not _continues(prev, ln):
            flush()
        current.append((number, text))
        prev = ln
    flush()
    return blocks


def _continues(prev: dict, ln: dict) -> bool:
    """Does ``ln`` continue the paragraph of ``prev``? Only after a line that
    reaches the right margin, and not into an indented line or a new item; a
    line ending a sentence continues only where paragraphs are set apart by
    spacing and this gap is a line gap."""
    width = max(prev["x1"] - prev["x0"], 1) / max(len(prev["text"]), 1)
    full = prev["x1"] >= prev["right"] - 2.5 * width
    if not full or _ITEM_START.match(ln["text"]) or ln["x0"] > ln["left"] + 1.5 * width or ln["top"] < prev["top"]:
        return False
    if prev["text"].rstrip().endswith(_SENTENCE_END):
        return prev["spaced"] and ln["top"] - prev["bottom"] <= prev["pitch"] + 1
    return True


def _pdf_meta(pdf) -> dict:
    meta = {}
    for key, value in (pdf.metadata or {}).items():
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, (str, int, float)) and str(value).strip():
            meta[str(key).lower()] = value
    try:
        ids = pdf.doc.xrefs[0].trailer.get("ID") if pdf.doc.xrefs else None
        if ids:
            meta["ids"] = [i.hex() if isinstance(i, bytes) else str(i) for i in ids]
    except Exception:  # noqa: BLE001 - ids are a nicety
        pass
    return meta
