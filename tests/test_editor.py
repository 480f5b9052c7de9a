"""The real YAML language server (what VS Code runs) against the shipped
schemas and example files: completion, hover and Chinese errors, overrides
included. One server process for the whole module.

The server is installed by `scripts/setup.sh --test` into tests/.lsp
(npm install --prefix, git-ignored); node comes from Debian.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from generator.metrics import REQUIREMENT_METRICS
from generator.values import DURATION_MESSAGE

pytestmark = pytest.mark.slow

SERVER = REPO / "tests/.lsp/node_modules/yaml-language-server/bin/yaml-language-server"
BID = REPO / "commitments/bids/lw-hospital-hvac.yaml"
POLICY = REPO / "commitments/policies/hvac.yaml"
COMPANY = REPO / "commitments/company.yaml"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def server():
    from lsp import LanguageServer

    node = shutil.which("node")
    assert node is not None, "node is not installed: run `bash scripts/setup.sh --test`"
    assert SERVER.is_file(), "yaml-language-server is missing: run `bash scripts/setup.sh --test`"
    settings = {"yaml": {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False}}}
    ls = LanguageServer([node, str(SERVER), "--stdio"], REPO, settings)
    yield ls
    ls.close()


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _position(text: str, marker: str) -> tuple[str, int, int]:
    """The text without the cursor marker "‸", and the cursor's line and column."""
    before = text[: text.index(marker)]
    return text.replace(marker, "", 1), before.count("\n"), len(before.rsplit("\n", 1)[-1])


def _complete(server, path: Path, text_with_cursor: str) -> list[dict]:
    text, line, col = _position(text_with_cursor, "‸")
    server.open(path.as_uri(), text)
    return server.complete(path.as_uri(), line, col)


def _labels(items: list[dict]) -> set[str]:
    return {item["label"] for item in items}


def test_the_shipped_files_have_no_editor_errors(server):
    for path in (BID, POLICY, COMPANY):
        assert server.open(path.as_uri(), _text(path)) == [], path


def test_completion_inside_overrides_offers_the_policy_keys(server):
    text = _edit(_text(BID), "    warranty:\n      term: 5年\n", "    warranty:\n      ‸\n")
    items = _complete(server, BID, text)
    assert "term" in _labels(items)
    term = next(i for i in items if i["label"] == "term")
    assert CJK.search(str(term.get("documentation", ""))), term  # Chinese help beside it


def test_hover_inside_overrides_is_chinese(server):
    text = _text(BID)
    server.open(BID.as_uri(), text)
    line = text.splitlines().index("      term: 5年")
    hover = server.hover(BID.as_uri(), line, 7)
    assert "整体质保期" in str(hover)


def test_metric_offers_every_catalogue_metric(server):
    text = _edit(_text(BID), "      metric: arrival\n      level: 一级\n      threshold: 2小时", "      metric: ‸\n      level: 一级\n      threshold: 2小时")
    items = _complete(server, BID, text)
    assert set(REQUIREMENT_METRICS) <= _labels(items)
    arrival = next(i for i in items if i["label"] == "arrival")
    assert "到场时限" in str(arrival.get("documentation", ""))


def test_a_typo_inside_overrides_is_flagged(server):
    text = _edit(_text(BID), "    inspections:\n      visits: 20", "    inspections:\n      visit: 20")
    diagnostics = server.open(BID.as_uri(), text)
    line = text.splitlines().index("      visit: 20")
    assert any(d["range"]["start"]["line"] == line and "visit" in d["message"] for d in diagnostics), diagnostics


def test_a_bad_duration_is_explained_in_chinese(server):
    text = _edit(_text(BID), "  validity: 90日", "  validity: 九十个钟头")
    diagnostics = server.open(BID.as_uri(), text)
    line = text.splitlines().index("  validity: 九十个钟头")
    messages = [d["message"] for d in diagnostics if d["range"]["start"]["line"] == line]
    assert messages == [DURATION_MESSAGE]


def test_a_threshold_is_typed_by_its_metric_and_explained_in_chinese(server):
    text = _edit(_text(BID), "      threshold: 2小时\n    - clause: 3.1.3", "      threshold: 四个钟头\n    - clause: 3.1.3")
    diagnostics = server.open(BID.as_uri(), text)
    line = text.splitlines().index("      threshold: 四个钟头")
    assert [d["message"] for d in diagnostics if d["range"]["start"]["line"] == line] == [DURATION_MESSAGE]


def test_yes_is_not_a_boolean_in_the_editor_either(server):
    text = _edit(_text(POLICY), "        certificate: true", "        certificate: yes")
    diagnostics = server.open(POLICY.as_uri(), text)
    line = text.splitlines().index("        certificate: yes")
    messages = [d["message"] for d in diagnostics if d["range"]["start"]["line"] == line]
    assert messages and all("true" in m and CJK.search(m) for m in messages), messages


def test_a_top_level_typo_names_what_the_file_kind_expects(server):
    text = _edit(_text(POLICY), "\npolicy:\n", "\npolcy:\n")
    messages = " ".join(d["message"] for d in server.open(POLICY.as_uri(), text))
    assert '"policy"' in messages and "company" not in messages and "bid" not in messages.replace("polcy", "")


def test_no_completion_inserts_null(server):
    places = [
        (BID, _edit(_text(BID), "    - clause: 3.1.8\n", "    - ‸\n      clause: 3.1.8\n")),
        (BID, _edit(_text(BID), "      - level: 一级\n", "      - level: 一级\n        ‸\n")),
        (BID, _edit(_text(BID), "  policy: hvac\n", "  policy: hvac\n  ‸\n")),
        (BID, _edit(_text(BID), "  overrides:\n", "  overrides:\n    ‸\n")),
        (POLICY, _edit(_text(POLICY), "\npolicy:\n", "\npolicy:\n  ‸\n")),
        (COMPANY, _edit(_text(COMPANY), "\ncompany:\n", "\ncompany:\n  ‸\n")),
        (BID, _edit(_text(BID), "  requirements:\n", "  requirements:\n    - ‸\n")),
        (BID, _edit(_text(BID), "  scoring:\n", "  scoring:\n    - ‸\n")),
        (BID, _edit(_text(BID), "  amounts:\n", "  amounts:\n    - ‸\n")),
        (BID, _edit(_text(BID), "    fault_levels:\n", "    fault_levels:\n      - ‸\n")),
        (COMPANY, _edit(_text(COMPANY), "  outlets:\n", "  outlets:\n    - ‸\n")),
    ]
    seen = 0
    for path, text in places:
        items = _complete(server, path, text)
        seen += len(items)
        inserted = [str(i.get("insertText", "")) + str((i.get("textEdit") or {}).get("newText", "")) for i in items]
        assert not [t for t in inserted if "null" in t], [t for t in inserted if "null" in t]
    assert seen > 40  # the walk did complete things, optional fields among them (answer, level, note)
