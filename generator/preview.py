"""What `tender serve` shows besides the public site: the check's errors in
the browser, and the confidential bids on pages only a local preview has.

A bid writer saves a file and looks at the browser. When the data has an
error the page must say so (file:line and message) instead of staying stale,
and go back to the content once the file is fixed. The public site is made
of the company and the policies only, so an error in a bid does not take it
away; the bid's own errors show on its preview page.

The bid pages exist only in a preview served on the loopback address: a
`tender build` or `mkdocs build` never calls this module (the plugin checks
the command and the address).
"""

from __future__ import annotations

from html import escape
from typing import Any

from .findings import Finding, Severity

BIDS_DIR = "_bids"


def blocks_site(findings: list[Finding], project: Any) -> list[Finding]:
    """The errors that stop the public site: those outside bid files (the
    project knows which files are bids, loaded or not; nothing is guessed
    from a path)."""
    bid_files = set(project.bid_files.values())
    return [f for f in findings if f.severity is Severity.ERROR and f.file not in bid_files]


def _finding_list(findings: list[Finding]) -> str:
    items = []
    for f in findings:
        kind = "错误" if f.severity is Severity.ERROR else "警告"
        items.append(f'<li class="tender-finding {f.severity.value}"><code>{escape(f.file)}:{f.line}:{f.col}</code> '
                     f'<strong>{kind}[{escape(f.rule)}]</strong> {escape(f.message)}</li>')
    return "<ul class=\"tender-findings\">\n" + "\n".join(items) + "\n</ul>\n"


def error_page(findings: list[Finding]) -> str:
    """Markdown (raw HTML inside) for every page while the data has errors."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    return (
        '---\ntitle: "数据有错误"\n---\n\n'
        '<div class="admonition failure tender-errors" id="tender-errors">\n'
        f'<p class="admonition-title">数据有 {len(errors)} 个错误，网站暂时无法生成；改正并保存后本页自动刷新</p>\n'
        f"{_finding_list(errors)}</div>\n"
    )


def bid_pages(project: Any, findings: list[Finding], pdfs: dict[str, bytes] | None) -> dict[str, str]:
    """{uri: Markdown} for _bids/index.md and one page per bid: its errors,
    偏离表 and 评分索引, and a link to its PDF when rendered."""
    from .compliance import deviation_rows, scoring_rows

    pages: dict[str, str] = {}
    # every bid file, also one that does not even parse: its page shows why
    files = sorted(project.bid_files.items())
    lines = ['---\ntitle: "投标预览（仅本机）"\n---\n\n',
             '<p class="tender-local">投标文件保密：这些页面只在本机的 tender serve 中存在，不会写入 site/。</p>\n<ul>\n']
    for bid_id, file in files:
        rb = project.bids.get(bid_id)
        own = [f for f in findings if f.file == file]
        errors = sum(f.severity is Severity.ERROR for f in own)
        state = f"{errors} 个错误" if errors else "检查通过"
        title = rb.bid.project.name if rb is not None else bid_id
        lines.append(f'<li><a href="{escape(bid_id)}/">{escape(title)}</a>（{escape(file)}，{state}）</li>\n')
        body = [f'---\ntitle: {_quote(title)}\n---\n\n', f"<p><code>{escape(file)}</code></p>\n"]
        if own:
            body.append('<div class="admonition failure tender-errors">\n<p class="admonition-title">检查结果</p>\n' + _finding_list(own) + "</div>\n")
        if rb is not None:
            if pdfs and bid_id in pdfs:
                body.append(f'<p><a href="{escape(bid_id)}.pdf">售后服务方案 PDF</a></p>\n')
            else:
                body.append("<p>PDF 预览：用 <code>tender serve --pdf</code> 启动时生成。</p>\n")
            body.append(_table("售后服务偏离表", ("序号", "招标条款", "招标要求", "投标响应", "偏离", "说明"),
                               [(r.index, f"{r.mark}{r.clause}" if r.mark and not r.clause.startswith(r.mark) else r.clause, r.requirement,
                                 r.response, r.deviation or "待人工复核", r.note) for r in deviation_rows(rb, project.company)]))
            body.append(_table("评分索引", ("评分条款", "评分项", "我方承诺", "可得档位", "得分", "满分"),
                               [(r.clause, r.title, r.promise, r.tier or "未达到任何档位", f"{r.points:g}", f"{r.max_points:g}")
                                for r in scoring_rows(rb, project.company)]))
        pages[f"{BIDS_DIR}/{bid_id}.md"] = "".join(body)
    lines.append("</ul>\n")
    pages[f"{BIDS_DIR}/index.md"] = "".join(lines)
    return pages


def _quote(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def _table(caption: str, header: tuple[str, ...], rows: list[tuple]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>\n" for row in rows)
    return f"<h2>{escape(caption)}</h2>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"
