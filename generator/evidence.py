"""What an evaluator's collusion check (雷同/串标) looks at in a file, beyond
its words: metadata, embedded images, and the text of a PDF page by page.

The document reader (:mod:`generator.documents`) gives the blocks of a
.docx/.txt/.md; this module adds what `tender compare` needs besides:

* metadata: PDF info dictionary, trailer /ID, XMP DocumentID/InstanceID and
  CreatorTool; .docx core.xml and app.xml fields, w14/w15 docId and the rsid
  revision ids Word writes into every edited file;
* embedded images with the SHA-256 of their bytes (PDF image objects, .docx
  word/media/*);
* a PDF's text per page with pypdfium2 (the reader's layout-aware lines cost
  about five times as long, and an evaluator cites pages).

Everything is bounded: file size, pages, zip members, seconds; every
failure is an :class:`EvidenceError` with a Chinese message naming the file.
"""

from __future__ import annotations

import hashlib
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_PDF_PAGES = 2000
#: pages of a long PDF whose text is compared (a 500-page file is read up to here)
MAX_TEXT_PAGES = 600
PDF_SECONDS = 30.0
MAX_IMAGES = 2000
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_XML_BYTES = 50 * 1024 * 1024

_XMP_RE = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.DOTALL)
_TRAILER_ID_RE = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
#: <w:rsid w:val="00A1B2C3"/> and <w:rsidRoot …/> in settings.xml; w:rsidR="…" attributes elsewhere
_RSID_RE = re.compile(rb'<w:rsid(?:Root)?\s+w:val="([0-9A-Fa-f]{8})"|w:rsid\w*="([0-9A-Fa-f]{8})"')
_DOCID_RE = re.compile(rb'<w1[45]:docId w1[45]:val="([^"]+)"')


class EvidenceError(Exception):
    """A file cannot be read; the message says why, in Chinese."""


@dataclass
class Page:
    number: int  # 1-based
    text: str


@dataclass
class Evidence:
    meta: dict[str, str] = field(default_factory=dict)  # Chinese field label → value
    images: list[tuple[str, int, str]] = field(default_factory=list)  # (sha256, bytes, where)
    rsids: set[str] = field(default_factory=set)
    pages: list[Page] = field(default_factory=list)  # PDFs only
    total_pages: int = 0
    notes: list[str] = field(default_factory=list)  # what was left out, said plainly


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise EvidenceError(f"{path}：无法读取（{exc.strerror or exc}）") from None
    if not path.is_file():
        raise EvidenceError(f"{path}：不是文件")
    if size > MAX_FILE_BYTES:
        raise EvidenceError(f"{path}：文件过大（{size // (1024 * 1024)} MB，上限 {MAX_FILE_BYTES // (1024 * 1024)} MB）")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise EvidenceError(f"{path}：无法读取（{exc.strerror or exc}）") from None


# -- PDF -----------------------------------------------------------------------------------


def pdf_evidence(path: Path, data: bytes) -> Evidence:
    """Text per page, metadata and images of a PDF (pypdfium2, bounded)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    started = time.monotonic()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise EvidenceError(f"{path}：PDF 已加密（需要密码），无法读取；请提供未加密的版本") from None
        raise EvidenceError(f"{path}：PDF 文件已损坏或不是 PDF，无法读取") from None
    ev = Evidence()
    try:
        n = len(pdf)
        if n > MAX_PDF_PAGES:
            raise EvidenceError(f"{path}：PDF 页数过多（{n} 页，上限 {MAX_PDF_PAGES}）")
        ev.total_pages = n
        for key, value in pdf.get_metadata_dict(skip_empty=True).items():
            label = PDF_FIELDS.get(key)
            if label and str(value).strip():
                ev.meta[label] = pdf_date(str(value).strip()) if key in ("CreationDate", "ModDate") else str(value).strip()
        _pdf_ids(data, ev)
        for i in range(min(n, MAX_TEXT_PAGES)):
            if time.monotonic() - started > PDF_SECONDS:
                ev.notes.append(f"读取超时：只比较了前 {i} 页（共 {n} 页）")
                break
            page = pdf[i]
            textpage = page.get_textpage()
            ev.pages.append(Page(i + 1, textpage.get_text_range()))
            textpage.close()
            if len(ev.images) < MAX_IMAGES:
                for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
                    try:
                        raw = obj.get_data(decode_simple=False)
                        blob = bytes(raw)
                    except Exception:  # noqa: BLE001, S112 - an odd image must not stop the comparison
                        continue
                    if 0 < len(blob) <= MAX_IMAGE_BYTES:
                        ev.images.append((hashlib.sha256(blob).hexdigest(), len(blob), f"第 {i + 1} 页"))
            page.close()
        if n > MAX_TEXT_PAGES and len(ev.pages) == MAX_TEXT_PAGES:
            ev.notes.append(f"文件有 {n} 页，只比较了前 {MAX_TEXT_PAGES} 页的文字")
    finally:
        pdf.close()
    if not any(p.text.strip() for p in ev.pages):
        raise EvidenceError(f"{path}：PDF 没有文字层（{n} 页都是图像，可能是扫描件）；tender 不做文字识别（OCR），无法比较文字，这不代表没有雷同")
    return ev


_PDF_DATE_RE = re.compile(r"^D:(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?(Z|[+\-]\d{2}'?\d{2}'?)?")


def pdf_date(value: str) -> str:
    """D:20261208000000+08'00 → 2026-12-08 00:00:00+08:00 (as a reader shows it)."""
    m = _PDF_DATE_RE.match(value)
    if not m:
        return value
    y, mo, d, h, mi, sec, tz = m.groups()
    zone = "" if not tz else ("Z" if tz == "Z" else tz.replace("'", "")[:3] + ":" + tz.replace("'", "")[3:5])
    return f"{y}-{mo}-{d} {h or '00'}:{mi or '00'}:{sec or '00'}{zone}"


PDF_FIELDS = {
    "Author": "作者", "Creator": "创建软件", "Producer": "生成软件", "CreationDate": "创建时间",
    "ModDate": "修改时间", "Title": "标题", "Subject": "主题", "Keywords": "关键词",
}


def _pdf_ids(data: bytes, ev: Evidence) -> None:
    """Trailer /ID and the XMP packet's ids (both stay uncompressed by the
    PDF specification, so a byte search finds them)."""
    ids = _TRAILER_ID_RE.findall(data[-4096:]) or _TRAILER_ID_RE.findall(data)
    if ids:
        ev.meta["文件标识（/ID）"] = ids[-1][0].decode("ascii").lower()
    m = _XMP_RE.search(data)
    if not m:
        return
    xmp = m.group().decode("utf-8", "replace")
    for tag, label in (("xmpMM:DocumentID", "XMP 文档标识（DocumentID）"), ("xmpMM:InstanceID", "XMP 实例标识（InstanceID）"),
                       ("xmpMM:OriginalDocumentID", "XMP 原始文档标识"), ("xmp:CreatorTool", "XMP 创建软件"),
                       ("pdf:Producer", "XMP 生成软件"), ("xmp:CreateDate", "XMP 创建时间")):
        found = re.search(rf"<{tag}>([^<]+)</{tag}>|{tag}=\"([^\"]+)\"", xmp)
        if found:
            ev.meta.setdefault(label, (found.group(1) or found.group(2)).strip())
    author = re.search(r"<dc:creator>.*?<rdf:li[^>]*>([^<]+)</rdf:li>", xmp, re.DOTALL)
    if author:
        ev.meta.setdefault("作者", author.group(1).strip())


# -- .docx -----------------------------------------------------------------------------------


DOCX_CORE = {"creator": "作者", "lastModifiedBy": "最后修改者", "created": "创建时间", "modified": "修改时间",
             "revision": "修订号", "title": "标题", "subject": "主题", "keywords": "关键词", "description": "备注",
             "lastPrinted": "最后打印时间", "category": "类别"}
DOCX_APP = {"Application": "创建软件", "AppVersion": "软件版本", "Company": "单位", "Manager": "经理", "Template": "模板",
            "TotalTime": "编辑总时长（分钟）"}


def docx_evidence(path: Path, data: bytes) -> Evidence:
    """core.xml, app.xml, docId, rsids and media of a .docx (the zip is read
    with bounds; the document reader has already refused a bad file)."""
    import io

    ev = Evidence()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise EvidenceError(f"{path}：压缩包成员过多（{len(infos)} 个），不像正常的 Word 文件")
            names = {i.filename: i for i in infos}

            def part(name: str) -> bytes:
                info = names.get(name)
                if info is None or info.file_size > MAX_XML_BYTES:
                    return b""
                return zf.read(info)

            core = part("docProps/core.xml").decode("utf-8", "replace")
            for tag, label in DOCX_CORE.items():
                m = re.search(rf"<(?:\w+:)?{tag}\b[^>]*>([^<]*)</(?:\w+:)?{tag}>", core)
                if m and m.group(1).strip():
                    ev.meta[label] = m.group(1).strip()
            app = part("docProps/app.xml").decode("utf-8", "replace")
            for tag, label in DOCX_APP.items():
                m = re.search(rf"<{tag}>([^<]*)</{tag}>", app)
                if m and m.group(1).strip():
                    ev.meta[label] = m.group(1).strip()
            settings = part("word/settings.xml")
            docid = _DOCID_RE.search(settings)
            if docid:
                ev.meta["Word 文档标识（docId）"] = docid.group(1).decode("ascii", "replace")
            ev.rsids = {(a or b).decode("ascii").upper() for a, b in _RSID_RE.findall(settings)}
            for info in infos:
                if info.filename.startswith("word/media/") and 0 < info.file_size <= MAX_IMAGE_BYTES and len(ev.images) < MAX_IMAGES:
                    blob = zf.read(info)
                    ev.images.append((hashlib.sha256(blob).hexdigest(), len(blob), info.filename.rsplit("/", 1)[-1]))
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
        raise EvidenceError(f"{path}：不是有效的 .docx 文件（{type(exc).__name__}）") from None
    return ev
