"""`tender compare`: the evidence of 雷同/串标 an evaluator would see, and
nothing flagged between honestly different bids."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from conftest import built_pdf, copy_project, edit

from generator.compare import compare_documents, load_documents, normalise

#: a 200-character passage (without punctuation) both bidders carry
SHARED = ("为保障设备长期稳定运行，我方建立覆盖售前咨询、安装调试、运行维护和升级改造的全生命周期服务档案，"
          "每台设备一机一档，记录铭牌参数、安装位置、运行时长、历次故障现象、处理过程和更换部件，"
          "档案随设备移交采购人并实时同步至服务平台；服务人员每次上门均按档案核对设备状态，"
          "发现参数偏移或部件老化趋势时提前安排预防性更换，避免故障扩大影响使用，"
          "并在每季度向采购人设备管理部门书面报告档案更新情况和下一阶段的维护建议，"
          "确保设备全寿命周期内的性能始终满足使用需求。")
#: the planted misspelling: 工程帅 for 工程师, in different sentences of the two bids
TYPO_A = "接到报修后由值班工程帅先行电话指导排查故障。"
TYPO_B = "节假日期间安排专职工程帅轮流值守服务热线。"


def test_the_shared_passage_is_long_enough():
    assert len(normalise(SHARED)) >= 200


# -- text files: fast --------------------------------------------------------------------


#: two writers' own sentences: the same subjects, said differently
_WRITERS = (
    ["质保期内设备出现故障，我方接到通知后安排工程师上门检修。", "备品备件存放在本地仓库，常用件保证当天送达。",
     "每季度巡检一次，巡检报告交设备科签字确认。", "培训分理论和实操两部分，考核合格发给证书。",
     "投诉由客服主管受理，两日内给出处理意见。", "质保期满后可签订年度维保合同，价格另行商定。",
     "重大活动期间派驻专人值守，随时处理突发问题。", "设备升级改造前先提交方案，经采购人同意后实施。",
     "回访采用电话和问卷，每月统计一次满意度。", "服务记录存档五年，采购人可随时查阅。"],
    ["保修阶段若有异常，请拨打热线报修，技术员会尽快赶到。", "配件库设在市区，紧急配件可以专车配送。",
     "定期保养按半年一次安排，保养后出具书面记录。", "操作人员的培训在设备安装完毕后进行，为期两天。",
     "客户意见由售后部门负责跟踪，直到问题解决。", "保修结束后提供有偿服务，收费标准公开透明。",
     "遇到停电等紧急情况，启动应急预案并安排抢修队伍。", "软件版本更新免费提供，升级前做好数据备份。",
     "满意度调查每年两次，结果用于改进服务流程。", "所有维修单据保存完整，便于日后追溯。"],
)


def _plan(seed: int, extra: str) -> str:
    """An honest plan: one writer's own sentences, with `extra` as its 11th line."""
    body = _WRITERS[seed] * 2
    return "\n".join(body[:10] + [extra] + body[10:]) + "\n"


def test_text_files_sharing_a_passage_and_a_typo_are_flagged(tmp_path: Path, cli):
    a, b = tmp_path / "甲.txt", tmp_path / "乙.txt"
    a.write_text(_plan(0, SHARED) + "工程师驻场。工程师巡检。工程师培训。\n" + TYPO_A + "\n联系人：王建国，电话 0571-86691520\n", encoding="utf-8")
    b.write_text(_plan(1, SHARED) + "工程师值班。工程师上门。工程师回访。\n" + TYPO_B + "\n项目经理：王建国 手机13857120468，座机0571 8669 1520\n", encoding="utf-8")
    result = cli("compare", str(a), str(b), "--format", "json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    flagged = [i for i in data["items"] if i["level"] == "flagged"]
    kinds = {i["kind"] for i in flagged}
    assert {"passage", "typo", "contact"} <= kinds, flagged
    passage = next(i for i in flagged if i["kind"] == "passage")
    assert passage["size"] >= 200 and [p["where"] for p in passage["places"]] == ["第 11 行", "第 11 行"]
    typo = next(i for i in flagged if i["kind"] == "typo")
    assert "工程帅" in typo["message"] and "工程师" in typo["message"]
    contacts = {i["message"] for i in flagged if i["kind"] == "contact"}
    assert any("057186691520" in m or "0571-86691520" in m for m in contacts) and any("王建国" in m for m in contacts)


def test_honestly_different_text_files_flag_nothing(tmp_path: Path, cli):
    a, b = tmp_path / "a.txt", tmp_path / "b.md"
    a.write_text(_plan(0, "质保期内免费上门维修，备件由本地仓库供应。"), encoding="utf-8")
    b.write_text(_plan(1, "# 售后服务\n\n设备验收后开始计算质保，期间人工和配件免费。"), encoding="utf-8")
    result = cli("compare", str(a), str(b))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "没有发现会被认定为雷同的证据" in result.stdout


def test_legal_citations_and_the_tender_clauses_are_boilerplate(tmp_path: Path, cli):
    law = "根据《中华人民共和国政府采购法》第七十七条和《中华人民共和国民法典》第五百七十七条的规定，供应商应当承担相应的法律责任并赔偿损失。"
    clause = "中标人须在接到采购人故障通知后两小时内到达现场，二十四小时内修复，否则每延误一小时扣除履约保证金的千分之一作为违约金。"
    tender = tmp_path / "招标文件.txt"
    tender.write_text("第三章 服务要求\n" + clause + "\n", encoding="utf-8")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(_plan(0, law * 2 + "\n" + clause), encoding="utf-8")
    b.write_text(_plan(1, law * 2 + "\n" + clause), encoding="utf-8")
    result = cli("compare", str(a), str(b), "--tender", str(tender))
    assert result.returncode == 0, result.stdout


# -- bad input ----------------------------------------------------------------------------------


def _text_pdf(path: Path, pages: int = 1) -> Path:
    """A PDF with a text layer (pypdf: Helvetica, enough for the checks here)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    font_ref = writer._add_object(font)
    for i in range(pages):
        page = writer.add_blank_page(595, 842)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 72 720 Td (Service plan page {i + 1} of the bidder) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})})
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    from pypdf import PdfReader, PdfWriter

    good = _text_pdf(tmp / "good.pdf")
    enc = PdfWriter(clone_from=PdfReader(good))
    enc.encrypt("secret")
    enc.write(tmp / "encrypted.pdf")
    (tmp / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    (tmp / "notpdf.pdf").write_bytes(b"PK\x03\x04 this is a zip, not a pdf")
    (tmp / "corrupt.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 300)
    blank = PdfWriter()
    blank.add_blank_page(595, 842)
    blank.write(tmp / "scan.pdf")
    (tmp / "plan.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word")
    return {
        "encrypted": (tmp / "encrypted.pdf", "加密"),
        "corrupt": (tmp / "corrupt.pdf", "损坏"),
        "not a pdf": (tmp / "notpdf.pdf", "不是 PDF"),
        "corrupt docx": (tmp / "corrupt.docx", "docx"),
        "no text layer": (tmp / "scan.pdf", "没有文字层"),
        "old .doc": (tmp / "plan.doc", "另存为 .docx"),
        "missing": (tmp / "nothing.pdf", "不存在"),
    }


def test_bad_inputs_get_a_chinese_message_and_exit_2(tmp_path: Path, cli):
    good = _text_pdf(tmp_path / "other.pdf")
    for case, (path, words) in _bad_inputs(tmp_path).items():
        result = cli("compare", str(good), str(path))
        assert result.returncode == 2, (case, result.stdout, result.stderr)
        assert re.sub(r"\s", "", words) in re.sub(r"\s", "", result.stderr) and "Traceback" not in result.stderr, (case, result.stderr)


def test_the_same_file_twice_is_refused(tmp_path: Path, cli):
    good = _text_pdf(tmp_path / "a.pdf")
    result = cli("compare", str(good), str(tmp_path / "." / "a.pdf"))
    assert result.returncode == 2 and "同一个文件给了两次" in result.stderr.replace("\n", "")


def test_two_copies_of_one_file_are_flagged_as_identical(tmp_path: Path):
    a = _text_pdf(tmp_path / "a.pdf")
    b = tmp_path / "b.pdf"
    b.write_bytes(a.read_bytes())
    report = compare_documents(load_documents([a, b]))
    assert [i.kind for i in report.flagged] == ["identical"]


def test_a_500_page_pdf_is_read_in_bounded_time(tmp_path: Path):
    big = _text_pdf(tmp_path / "big.pdf", pages=500)
    small = _text_pdf(tmp_path / "small.pdf", pages=3)
    started = time.monotonic()
    report = compare_documents(load_documents([big, small]))
    assert time.monotonic() - started < 60
    assert report.documents[0].evidence.total_pages == 500


# -- our own PDFs: the planted pair and the two example bids ---------------------------------------


HVAC = "commitments/bids/lw-hospital-hvac.yaml"
LED = "commitments/bids/lj-expo-led.yaml"


def _second_bidder(project: Path) -> None:
    """Turn the example company into another one (names, phones, addresses, ids)."""
    path = project / "commitments/company.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (("杭州澄衡智联科技有限公司", "宁波启岳机电工程有限公司"), ("澄衡科技", "启岳机电"), ("澄衡", "启岳"),
                     ("chengheng-tech", "qiyue-me"), ("沈知远", "陆明川"), ("顾清和", "唐若水"), ("江晖路1888号", "环城北路77号"),
                     ("天童南路568号", "中山东路12号"), ("车站大道699号", "学院路88号"), ("申长路988弄2号", "漕宝路33号"),
                     ("双龙大道1539号", "中山南路9号"), ("91330108MA2KD7HR38", "91330201MA2HX5QK7P")):
        text = text.replace(old, new)
    text = re.sub(r"(?m)^(\s*(?:hotline|phone): \"?)([\d\-]+)", lambda m: m.group(1) + m.group(2)[:-4] + m.group(2)[-4:][::-1], text)
    text = re.sub(r"(?m)^(\s*number: )(\S+)", lambda m: m.group(1) + m.group(2)[::-1], text)
    path.write_text(text, encoding="utf-8")
    for policy in (project / "commitments/policies").glob("*.yaml"):  # its own hotline in its own plans
        policy.write_text(policy.read_text(encoding="utf-8").replace("400-826-3519", "400-826-9153"), encoding="utf-8")


def _same_tender(project: Path) -> None:
    """The LED bid retargeted at the hospital tender (same project block).

    The other bidder bids for that tender only: its own copy of the hospital
    bid goes, or bid-copy rightly calls two bids with one project number a
    copy that was never changed."""
    hvac = (project / HVAC).read_text(encoding="utf-8")
    (project / HVAC).unlink()
    block = hvac[hvac.index("  project:\n"):hvac.index("  policy:")]
    led_path = project / LED
    led = led_path.read_text(encoding="utf-8")
    led_path.write_text(led[:led.index("  project:\n")] + block + led[led.index("  policy:"):], encoding="utf-8")


def _plant(project: Path, rel: str, typo: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8").rstrip("\n")
    if "\n  commitments:\n" in text:
        text = text.replace("\n  commitments:\n", f"\n  commitments:\n    - {SHARED}\n    - {typo}\n", 1)
    else:
        text += f"\n  commitments:\n    - {SHARED}\n    - {typo}\n"
    path.write_text(text + "\n", encoding="utf-8")


def _render(root: Path, bid_id: str, out: Path) -> Path:
    from generator.checker import check_project
    from generator.pdf import render_bid_pdf

    project, findings = check_project(root)
    errors = [f.text() for f in findings if f.severity.value == "error"]
    assert not errors, errors
    out.write_bytes(render_bid_pdf(project, bid_id))
    return out


def _same_metadata(source: Path, target: Path) -> None:
    """Give target the metadata of source (what one author's machine leaves in both)."""
    from pypdf import PdfReader, PdfWriter

    meta = {**PdfReader(source).metadata, "/Author": "张晓明", "/Creator": "Microsoft® Word 2019"}
    for path in (source, target):
        writer = PdfWriter(clone_from=PdfReader(path))
        writer.metadata = None
        writer.add_metadata(meta)
        writer.write(path)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, built_example: Path) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("compare")
    out = {}
    for key, bid_id, name in (("hvac", "lw-hospital-hvac", "澜湾医院-售后服务方案.pdf"), ("led", "lj-expo-led", "澜江会展-售后服务方案.pdf")):
        out[key] = tmp / name  # our own two bids, as the session's build printed them
        out[key].write_bytes(built_pdf(built_example, "bid", bid_id).read_bytes())
    first = copy_project(tmp / "first")
    _plant(first, HVAC, TYPO_A)
    other = copy_project(tmp / "other")
    seal = _png(tmp / "seal.png", 5)  # one scanned seal used by both bidders
    for project in (first, other):
        (project / "commitments/assets").mkdir(exist_ok=True)
        (project / "commitments/assets/seal.png").write_bytes(seal.read_bytes())
        edit(project, "commitments/company.yaml", "seal_image: null", "seal_image: commitments/assets/seal.png")
    _second_bidder(other)
    _same_tender(other)
    _plant(other, LED, TYPO_B)
    out["a"] = _render(first, "lw-hospital-hvac", tmp / "甲-售后服务方案.pdf")
    out["b"] = _render(other, "lj-expo-led", tmp / "乙-售后服务方案.pdf")
    _same_metadata(out["a"], out["b"])
    return out


@pytest.mark.slow
def test_two_bids_for_one_tender_with_a_shared_passage_a_typo_and_the_same_metadata(pdfs, cli, tmp_path: Path):
    result = cli("compare", str(pdfs["a"]), str(pdfs["b"]), "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    flagged = [i for i in json.loads(result.stdout)["items"] if i["level"] == "flagged"]
    planted = [i for i in flagged if i["kind"] == "passage" and normalise(SHARED)[:40] in normalise(i["message"])]
    assert planted and planted[0]["size"] >= 200 and all(p["where"].startswith("第 ") for p in planted[0]["places"]), flagged
    assert any(i["kind"] == "typo" and "工程帅" in i["message"] for i in flagged), flagged
    meta = {i["message"] for i in flagged if i["kind"] == "metadata"}
    assert any("作者相同：“张晓明”" in m for m in meta) and any("创建时间相同" in m for m in meta), meta
    images = [i for i in flagged if i["kind"] == "image"]
    assert len(images) == 1 and [p["where"] for p in images[0]["places"]] == ["第 1 页", "第 1 页"], images
    # the other bidder's phones are not ours: no shared contact is invented
    assert not [i for i in flagged if i["kind"] == "contact" and "400" in i["message"]]
    text = cli("compare", str(pdfs["a"]), str(pdfs["b"]), cwd=tmp_path)
    assert "相同或近似段落" in text.stdout and "共同的错别字与异常写法" in text.stdout and "作者相同" in text.stdout


@pytest.mark.slow
def test_the_two_example_bids_flag_nothing(pdfs, cli, tmp_path: Path):
    result = cli("compare", str(pdfs["hvac"]), str(pdfs["led"]), "--format", "json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert result.returncode == 0 and data["flagged"] == 0, [i for i in data["items"] if i["level"] == "flagged"]


def test_word_files_with_the_same_author_and_revision_ids(tmp_path: Path, cli):
    """core.xml author and the rsid revision ids of word/settings.xml."""
    import docx

    paths = []
    for name, lines in (("甲.docx", _WRITERS[0]), ("乙.docx", _WRITERS[1])):
        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.core_properties.author = "张晓明"
        document.core_properties.last_modified_by = "张晓明"
        path = tmp_path / name
        document.save(path)
        paths.append(path)
    result = cli("compare", *map(str, paths), "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    flagged = [i["message"] for i in json.loads(result.stdout)["items"] if i["level"] == "flagged"]
    assert any("作者相同：“张晓明”" in m for m in flagged) and any("最后修改者相同" in m for m in flagged), flagged
    assert not any("段落" in m for m in flagged)


def _png(path: Path, seed: int) -> Path:
    """A real PNG of a few kilobytes (noise does not compress)."""
    import random
    import struct
    import zlib

    rng = random.Random(seed)
    width = height = 48
    raw = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(width * 3)) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def test_the_same_picture_in_two_word_files_is_flagged(tmp_path: Path):
    import docx

    seal, other = _png(tmp_path / "seal.png", 1), _png(tmp_path / "other.png", 2)
    paths = []
    for name, lines, pictures in (("a.docx", _WRITERS[0], (seal,)), ("b.docx", _WRITERS[1], (seal, other))):
        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        for picture in pictures:
            document.add_picture(str(picture))
        document.save(tmp_path / name)
        paths.append(tmp_path / name)
    report = compare_documents(load_documents(paths))
    images = [i for i in report.flagged if i.kind == "image"]
    assert len(images) == 1 and "逐字节相同" in images[0].message, report.items


def test_xmp_ids_and_the_trailer_id_are_read_from_the_bytes():
    from generator.evidence import Evidence, _pdf_ids

    data = (b"%PDF-1.7\n1 0 obj<</Type/Metadata/Subtype/XML>>stream\n"
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description xmpMM:DocumentID="uuid:1234-abcd" '
            b'xmp:CreatorTool="WPS Office"><xmpMM:InstanceID>uuid:9999</xmpMM:InstanceID>'
            + "<dc:creator><rdf:Seq><rdf:li>李雷</rdf:li></rdf:Seq></dc:creator>".encode() + b"</rdf:Description></rdf:RDF></x:xmpmeta>\n"
            b"endstream endobj\ntrailer<</Size 2/ID[<0A1B2C><0A1B2C>]>>\n%%EOF")
    ev = Evidence()
    _pdf_ids(data, ev)
    assert ev.meta["XMP 文档标识（DocumentID）"] == "uuid:1234-abcd"
    assert ev.meta["XMP 实例标识（InstanceID）"] == "uuid:9999"
    assert ev.meta["XMP 创建软件"] == "WPS Office" and ev.meta["作者"] == "李雷"
    assert ev.meta["文件标识（/ID）"] == "0a1b2c"


def test_word_revision_ids_shared_by_two_files_are_flagged(tmp_path: Path):
    """Word writes an rsid for every editing session into settings.xml: two
    files that share them were edited from one original."""
    import zipfile

    import docx

    paths = []
    for name, lines, rsids in (("a.docx", _WRITERS[0], ("00A1B2C3", "00D4E5F6")), ("b.docx", _WRITERS[1], ("00A1B2C3", "0077AA11"))):
        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        plain = tmp_path / f"plain-{name}"
        document.save(plain)
        path = tmp_path / name
        with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == "word/settings.xml":
                    # python-docx's own template carries ten rsids of its own: this test plants its own
                    data = re.sub(rb"<w:rsids>.*?</w:rsids>", b"", data, flags=re.DOTALL)
                    tags = "".join(f'<w:rsid w:val="{r}"/>' for r in rsids)
                    data = data.replace(b"</w:settings>", f'<w:rsids><w:rsidRoot w:val="{rsids[0]}"/>{tags}</w:rsids></w:settings>'.encode())
                dst.writestr(info, data)
        paths.append(path)
    report = compare_documents(load_documents(paths))
    rsid = [i for i in report.flagged if "rsid" in i.message]
    assert len(rsid) == 1 and "00A1B2C3" in rsid[0].message and "0077AA11" not in rsid[0].message, report.items


def test_the_same_leftover_placeholder_and_doubled_punctuation(tmp_path: Path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(_plan(0, "本承诺自20xx年起有效。") + "服务费用按年结算。。次年续签。\n", encoding="utf-8")
    b.write_text(_plan(1, "签约日期为20xx年由双方确认。") + "维修单据按年结算。。逐月汇总。\n", encoding="utf-8")
    report = compare_documents(load_documents([a, b]))
    messages = [i.message for i in report.flagged if i.title == "共同的异常写法"]
    assert any("占位符" in m and "20xx年" in m for m in messages), report.items
    assert any("笔误" in m and "按年结算。。" in m for m in messages), report.items
    honest = compare_documents(load_documents([a, _copy_plan(tmp_path)]))
    assert not [i for i in honest.flagged if i.title == "共同的异常写法"]


def _copy_plan(tmp_path: Path) -> Path:
    c = tmp_path / "c.txt"
    c.write_text(_plan(1, "签约日期由双方确认。"), encoding="utf-8")
    return c
