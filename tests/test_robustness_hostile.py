"""Hostile text in the data: markup, scripts, template syntax, invisible
direction controls. Data files travel by e-mail and text is pasted from web
pages, so any of these can arrive by accident or on purpose.

* `tender check` flags invisible characters (`hidden-char`, an error: what
  the evaluator sees would differ from what the file says) and markup
  (`markup`, a warning: it will be printed as it is);
* the renderers print such text literally: in the PDF the characters
  appear as written, on the site they are escaped (no <script> element, no
  javascript: link, `{{ 7*7 }}` is not evaluated to 49).
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run_cli, run_cli_in_process
from test_robustness import FINDING_RE, tree_state

LED = "commitments/policies/led.yaml"

#: name → (text, rule that must report it, severity, exit code of check)
HOSTILE = {
    "script": ("在线报修<script>alert(1)</script>", "markup", "warning", 0),
    "html_event": ('质保卡<img src=x onerror="alert(2)">见附件', "markup", "warning", 0),
    "html_bold": ("响应<b>很快</b>", "markup", "warning", 0),
    "md_link": ("详情[点击](javascript:alert(1))查看", "markup", "warning", 0),
    "md_image": ("![图](http://evil.example/x.png)", "markup", "warning", 0),
    # also a placeholder (an unfilled template field): an error of its own
    "jinja_expr": ("总价 {{ 7*7 }} 元", "markup", "warning", 1),
    "jinja_block": ("{% for x in range(3) %}重复{% endfor %}", "markup", "warning", 0),
    "rtl_override": ("本合同总价\u202e元0001", "hidden-char", "error", 1),
    "zero_width_space": ("质保\u200b期三年", "hidden-char", "error", 1),
    "zero_width_joiner": ("到场\u200d时间", "hidden-char", "error", 1),
    "soft_hyphen": ("售后\u00ad服务", "hidden-char", "error", 1),
}


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar with the text exactly (invisible
    characters written as escapes so the file itself stays clean)."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ch in "\u00ad\u200b\u200c\u200d\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def add_commitments(root: Path, texts: list[str], waivers: list[tuple[str, str]] = ()) -> int:
    """Append texts to the LED policy's `commitments:` list (its last key);
    returns the line of the first one."""
    path = root / LED
    body = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert body[-2].strip() == "commitments:" or any(line.strip() == "commitments:" for line in body[-5:]), "led.yaml must end with commitments:"
    first = len(body) + 1
    body += [f"    - {yaml_quote(t)}" for t in texts]
    if waivers:
        body.append("waivers:")
        for rule, where in waivers:
            body += [f"  - rule: {rule}", f"    path: {where}", "    reason: 测试：检查渲染时按原样显示模板语法"]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    return first


def parse(stdout: str) -> list[dict]:
    return [m.groupdict() for m in map(FINDING_RE.match, stdout.splitlines()) if m]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_check_flags_hostile_text(name: str, project: Path, monkeypatch, capsys):
    text, rule, severity, code = HOSTILE[name]
    line = add_commitments(project, [text])
    before = tree_state(project)
    proc = run_cli_in_process(project, monkeypatch, capsys, "check")
    assert "Traceback" not in proc.stderr
    hits = [f for f in parse(proc.stdout) if f["rule"] == rule and f["file"] == LED]
    assert hits, proc.stdout
    assert hits[0]["sev"] == severity and int(hits[0]["line"]) == line
    assert re.search(r"[\u4e00-\u9fff]", hits[0]["msg"])
    assert proc.returncode == code, proc.stdout
    assert tree_state(project) == before


def test_hidden_char_message_shows_the_code_point(project: Path):
    """The invisible character is named (U+202E), since it cannot be seen."""
    add_commitments(project, [HOSTILE["rtl_override"][0]])
    proc = run_cli("check", cwd=project)
    assert "U+202E" in proc.stdout


# -- rendering: literal in the PDF, escaped on the site ----------------------------------------

#: markup that must survive rendering as plain text (no hidden characters:
#: those stop the build, as they should)
LITERAL = [
    "在线报修<script>alert(1)</script>",
    '质保卡<img src=x onerror="alert(2)">见附件',
    "详情[点击](javascript:alert(1))查看",
    "总价 {{ 7*7 }} 元",
    "{% for x in range(3) %}重复{% endfor %}",
    "注意 &amp; 转义 &lt;b&gt;",
]
HOSTILE_TITLE = "LED 显示屏售后服务政策<script>alert(3)</script>"


@pytest.fixture
def hostile_project(project: Path) -> Path:
    first = add_commitments(project, LITERAL, waivers=[("placeholder", "policy.commitments")])
    path = project / LED
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  title: LED 显示屏售后服务政策\n", f"  title: {yaml_quote(HOSTILE_TITLE)}\n", 1), encoding="utf-8")
    proc = run_cli("check", cwd=project)
    assert proc.returncode == 0, proc.stdout  # markup is only a warning; the placeholder is waived
    assert "error[" not in proc.stdout and f"{LED}:{first}:" in proc.stdout
    return project


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
def test_pdf_prints_markup_literally(hostile_project: Path, tmp_path: Path):
    import pypdf

    from generator.pdf import render_policy_pdf
    from generator.project import load_project

    project, _ = load_project(hostile_project)
    out = tmp_path / "led.pdf"
    out.write_bytes(render_policy_pdf(project, "led"))
    text = squash("".join(page.extract_text() or "" for page in pypdf.PdfReader(str(out)).pages))
    for needle in LITERAL + [HOSTILE_TITLE]:
        assert squash(needle) in text, f"not printed literally: {needle}"
    assert "总价49元" not in text


class _Page(HTMLParser):
    """What a browser would make of a page: script bodies (code, and inert
    data in <script type="application/json">), event handlers, link targets
    and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.data: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._in.append(tag)
        for key, value in attrs:
            if key.startswith("on"):
                self.handlers.append((tag, f"{key}={value}"))
            if key in ("href", "src") and value:
                self.hrefs.append(value)
        if tag == "script":
            kind = (dict(attrs).get("type") or "").strip().lower()
            (self.data if kind == "application/json" else self.scripts).append("")
            self._in[-1] = "data" if kind == "application/json" else "script"

    def handle_endtag(self, tag):
        if tag == "script" and self._in and self._in[-1] in ("script", "data"):
            self._in.pop()
        elif tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if self._in and self._in[-1] == "script":
            self.scripts[-1] += data
        elif self._in and self._in[-1] == "data":
            self.data[-1] += data
        elif not (self._in and self._in[-1] == "style"):
            self.text.append(data)


@pytest.mark.slow
def test_site_escapes_markup(hostile_project: Path):
    proc = run_cli("build", "--no-pdf", cwd=hostile_project, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pages = [p for p in (hostile_project / "site").rglob("*.html") if "alert(" in html.unescape(p.read_text(encoding="utf-8"))]
    assert pages, "the hostile text is on no page"
    shown = []
    for page_path in pages:
        page = _Page()
        page.feed(page_path.read_text(encoding="utf-8"))
        where = page_path.relative_to(hostile_project)
        assert not [s for s in page.scripts if "alert(" in s], f"{where}: a <script> from the data runs"
        for data in page.data:  # the region picker's data: never run, and no markup can end it early
            assert "<" not in data and ">" not in data, f"{where}: markup inside a data <script>"
            if "alert(" in data:
                assert HOSTILE_TITLE in json.dumps(json.loads(data), ensure_ascii=False), f"{where}: the data lost the title"
        assert not [h for h in page.handlers if "alert(" in h[1]], f"{where}: an event handler from the data: {page.handlers}"
        assert not [h for h in page.hrefs if h.strip().lower().startswith("javascript:")], f"{where}: a javascript: link"
        visible = squash(" ".join(page.text))
        assert "总价49元" not in visible, f"{where}: template syntax from the data was evaluated"
        if squash("重复{% endfor %}") in visible:  # the page that shows the policy's commitments
            shown.append(where)
            for needle in LITERAL:
                assert squash(needle) in visible, f"{where}: not shown literally: {needle}"
    assert shown, "no page shows the commitments literally (escaped)"


@pytest.mark.slow
def test_site_has_no_data_script_anywhere(hostile_project: Path):
    """Belt and braces: no file under site/ holds the raw `<script>alert(`."""
    proc = run_cli("build", "--no-pdf", cwd=hostile_project, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for path in (hostile_project / "site").rglob("*"):
        if path.suffix in (".html", ".xml", ".txt", ".js") and path.is_file():
            assert "<script>alert(" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_findings_stay_one_line_and_survive_console_markup(project: Path):
    """Messages quote the data: a backslash before [/x] once made the console
    library read it as markup and crash (exit 2, no findings); a line break in
    a quoted excerpt split a finding over several lines."""
    line = add_commitments(project, ["资料见D:\\[/x]\\[bold]XXX", "第一行\n由XXX负责\n第三行"])
    proc = run_cli("check", cwd=project)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "内部错误" not in proc.stderr, proc.stderr
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    assert all(FINDING_RE.match(ln) for ln in lines), proc.stdout
    placeholder = [ln for ln in lines if "[placeholder]" in ln]
    assert any(f"{LED}:{line}:" in ln and "D:\\[/x]\\[bold]" in ln for ln in placeholder), proc.stdout
    assert any(f"{LED}:{line + 1}:" in ln and "↵" in ln for ln in placeholder), proc.stdout
