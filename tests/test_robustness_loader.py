"""The loader on its own: what it refuses, and — as important — what it must
still accept (a safety check that also rejects good files is not safe: bid
writers learn to ignore it)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from generator.loader import MAX_DEPTH, MAX_VALUES, LoadError, parse_text, read_data_file


def load(text: str | bytes):
    return parse_text(text, "f.yaml")


def refused(text: str | bytes):
    with pytest.raises(LoadError) as info:
        load(text)
    return info.value.finding


# -- the nesting bound is exact: not fooled, not over-eager -------------------------------------


def test_brackets_in_quotes_and_comments_are_not_nesting():
    text = "# " + "[{" * 60 + "\na: '" + "[" * 60 + "'\nb: \"" + "{" * 60 + "\"\nc: 【" + "[" * 60 + "\n"
    assert load(text)["a"] == "[" * 60


@pytest.mark.parametrize("flow", [True, False])
def test_depth_bound_is_exact(flow: bool):
    def nest(levels: int) -> str:
        if flow:
            return "[" * levels + "x" + "]" * levels
        return "".join(" " * i + "- \n" for i in range(levels - 1)) + " " * (levels - 1) + "- x\n"

    assert load(nest(MAX_DEPTH)) is not None
    f = refused(nest(MAX_DEPTH + 1))
    assert f.rule == "yaml-syntax" and "嵌套" in f.message


@pytest.mark.parametrize("text", ["- " * 200_000 + "x", "? " * 200_000 + "x", "[" * 200_000, "{a: " * 200_000, "- [" * 100_000])
def test_deep_nesting_on_one_line_is_refused_without_crashing(text: str):
    """'- - - - x' nests without indentation or brackets; libyaml's composer
    recursed in C once per level and crashed the process (SIGSEGV)."""
    assert refused(text).rule == "yaml-syntax"


def test_alias_expansion_is_bounded_but_ordinary_anchors_work():
    ok = "defaults: &d {response: 30分钟, arrival: 2小时}\nlevels:\n  - <<: *d\n    level: 一级\n  - <<: *d\n    level: 二级\n    arrival: 4小时\n"
    data = load(ok)
    assert data["levels"][1] == {"response": "30分钟", "arrival": "4小时", "level": "二级"}
    assert data["levels"][1].locs["arrival"].line == 7
    bomb = "a: &a [" + ", ".join(["x"] * 100) + "]\n" + "b: [" + ", ".join(["*a"] * (MAX_VALUES // 100 + 5)) + "]\n"
    f = refused(bomb)
    assert f.rule == "yaml-syntax" and "别名" in f.message


# -- plain scalars read the unsurprising way ------------------------------------------------------------


def test_plain_scalars():
    data = load(
        "a: yes\nb: no\nc: on\nd: off\ne: 010020\nf: 1:30\ng: =\nh: true\ni: FALSE\nj: 12\nk: -3\nl: 1.5\n"
        "m: 2026-01-02\nn: ~\no: 0x1F\np: 1e5\nq: 1_000\nr: <<\n"
    )
    assert data == {
        "a": "yes", "b": "no", "c": "on", "d": "off", "e": "010020", "f": "1:30", "g": "=", "h": True, "i": False,
        "j": 12, "k": -3, "l": 1.5, "m": dt.date(2026, 1, 2), "n": None, "o": "0x1F", "p": "1e5", "q": "1_000", "r": "<<",
    }


def test_keys_are_kept_as_written():
    data = load("yes: 1\nnull: 2\n1: 3\n01: 4\n1.50: 5\n")
    assert list(data) == ["yes", "null", "1", "01", "1.50"]
    assert refused("true: 1\n'true': 2\n").rule == "yaml-syntax"  # the same key twice


@pytest.mark.parametrize("text", ["a: !!timestamp x\n", "a: !!int abc\n", "a: !!float x\n", "a: !!bool maybe\n", "a: 2026-13-45\n"])
def test_bad_typed_values(text: str):
    f = refused(text)
    assert f.rule == "yaml-syntax" and f.line == 1


@pytest.mark.parametrize("text", ["a: !!map x\n", "a: !!str {b: 1}\n", "a: !!seq {b: 1}\n", "? !!python/name:os.system\n: 1\n", "!!python/name:os.system : 1\n"])
def test_tags_that_do_not_fit(text: str):
    assert refused(text).rule == "yaml-tag"


# -- characters and line ends ------------------------------------------------------------------------------


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_numbers_follow_the_editor(eol: str):
    text = eol.join(["# 注释", "policy:", "  title: a", "  summary: |", "    第一行", "    第二行", "  title: b", ""])
    f = refused(text.encode())
    assert (f.rule, f.line) == ("yaml-syntax", 7)
    data = load(eol.join(["a:", "  b: |", "    x", "    y", "  c: 1", ""]))
    assert data["a"]["b"] == "x\ny\n" and data["a"].locs["c"].line == 5


@pytest.mark.parametrize("ch, rule", [("\x0b", "hidden-char"), ("\x1b", "hidden-char"), ("\x7f", "hidden-char"), ("\x85", "hidden-char"),
                                      ("\u2028", "hidden-char"), ("\u2029", "hidden-char"), ("\ufeff", "hidden-char"), ("\x00", "file-encoding")])
def test_forbidden_characters_are_located(ch: str, rule: str):
    f = refused(f"a: 1\nb: x{ch}y\n".encode())
    assert (f.rule, f.line, f.col) == (rule, 2, 5)
    assert f"{ord(ch):04X}" in f.message or ch in ("\x0b", "\x00", "\u2028", "\ufeff", "\x85", "\x7f", "\x1b", "\u2029")


def test_zero_width_characters_in_values_are_left_to_the_rule():
    """In prose they are reported by the hidden-char rule (with waivers
    possible); only in keys does the loader refuse them."""
    assert load("a: 质保\u200b期\n")["a"] == "质保\u200b期"
    assert refused("a\u200b: 1\n").rule == "hidden-char"


def test_utf8_bom_is_accepted_and_does_not_shift_columns():
    data = load("a: 1\nb: 2\n".encode("utf-8-sig"))
    assert data == {"a": 1, "b": 2} and data.locs["a"].col == 1


@pytest.mark.parametrize("encoding, hint", [("gbk", "GBK"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-32", "UTF-32")])
def test_encodings_get_a_hint(encoding: str, hint: str):
    f = refused("policy:\n  title: 空调售后服务政策\n".encode(encoding))
    assert f.rule == "file-encoding" and hint in f.message


# -- files ------------------------------------------------------------------------------------------------


def _read(path: Path, within: Path | None = None):
    with pytest.raises(LoadError) as info:
        read_data_file(path, "x.yaml", within=within)
    return info.value.finding


def test_directory_fifo_and_missing(tmp_path: Path):
    (tmp_path / "d.yaml").mkdir()
    assert "文件夹" in _read(tmp_path / "d.yaml").message
    os.mkfifo(tmp_path / "p.yaml")
    assert "不是普通文件" in _read(tmp_path / "p.yaml").message  # and returns at once instead of blocking
    assert _read(tmp_path / "none.yaml").rule == "file-missing"


def test_symlinks_must_stay_inside(tmp_path: Path):
    inside = tmp_path / "commitments"
    inside.mkdir()
    (tmp_path / "secret.yaml").write_text("a: 1\n", encoding="utf-8")
    (inside / "real.yaml").write_text("a: 2\n", encoding="utf-8")
    (inside / "out.yaml").symlink_to(tmp_path / "secret.yaml")
    (inside / "in.yaml").symlink_to("real.yaml")
    (inside / "loop.yaml").symlink_to("loop.yaml")
    f = _read(inside / "out.yaml", within=inside)
    assert f.rule == "file-outside" and "符号链接" in f.message
    assert read_data_file(inside / "in.yaml", "in.yaml", within=inside) == {"a": 2}
    assert "循环" in _read(inside / "loop.yaml", within=inside).message


def test_file_size_bound(tmp_path: Path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (3 * 1024 * 1024))
    f = _read(big)
    assert f.rule == "yaml-syntax" and "MB" in f.message
