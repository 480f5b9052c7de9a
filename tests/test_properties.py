"""Properties that must hold for every input, checked with hypothesis.

* Durations: parsing any text either gives a Duration or raises
  DurationError (with a Chinese message) — never anything else; and what
  a Duration prints reads back as the same value, in the same unit.
* The loader: parse_text on any text or bytes either gives data or raises
  LoadError (a located finding) — never anything else; and any nested
  dict/list/str/int/float/bool data written by yaml.safe_dump reads back
  equal (the loader's own scalar schema agrees with what PyYAML writes).
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from generator.durations import UNITS, Duration, DurationError
from generator.loader import MAX_DEPTH, LoadError, LocDict, LocList, parse_text

HAN_RE = re.compile(r"[\u4e00-\u9fff]")
SETTINGS = settings(max_examples=int(__import__("os").environ.get("PROPERTY_EXAMPLES", "300")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- durations ------------------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**15).map(str),
    st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False).map(lambda d: f"{d:f}"),
    st.text(alphabet="零〇一二两三四五六七八九十百千万亿壹贰拾佰仟", min_size=1, max_size=8),
    st.text(alphabet="0123456789.-+－−e ", min_size=1, max_size=8),
    st.text(alphabet="٠١٢٣٤٥٦٧٨٩０１２３４５６７８９", min_size=1, max_size=4),  # other digits \d matches
)
UNIT_WORDS = st.sampled_from(sorted(UNITS) + ["天", "HOURS", "Min", "ſ", "个", "月", "hourſ", "ＭＩＮ", ""])
DURATION_TEXT = st.one_of(
    st.text(max_size=30),
    st.builds(lambda sp1, n, sp2, u, sp3: f"{sp1}{n}{sp2}{u}{sp3}", st.sampled_from(["", " ", "\t", "\u3000"]), NUMBERS,
              st.sampled_from(["", " ", "\n"]), UNIT_WORDS, st.sampled_from(["", " ", "内", "以内"])),
)


@SETTINGS
@given(DURATION_TEXT)
@example("1" * 5000 + "小时")
@example("九" * 5000 + "年")
@example("亿" * 50 + "年")
@example("0.0000001分钟")
@example("-3个月")
@example("1e3小时")
def test_duration_parse_raises_only_duration_error(text: str):
    try:
        d = Duration.parse(text)
    except DurationError as exc:
        assert HAN_RE.search(str(exc)), f"message is not Chinese: {exc}"
        return
    assert isinstance(d, Duration) and d.amount > 0


@SETTINGS
@given(st.one_of(st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(), st.lists(st.integers(), max_size=2)))
def test_duration_parse_non_text(value):
    try:
        Duration.parse(value)
    except DurationError:
        pass


AMOUNTS = st.one_of(
    st.integers(min_value=1, max_value=1200),
    st.decimals(min_value=Decimal("0.0001"), max_value=1000, places=4, allow_nan=False, allow_infinity=False),
)


@SETTINGS
@given(AMOUNTS, st.sampled_from(sorted(UNITS)))
@example(Decimal("2.123456789"), "小时")
@example(Decimal("0.0001"), "分钟")
@example(Decimal("1234567.5"), "分钟")
def test_duration_format_then_parse_round_trips(amount, unit: str):
    text = f"{amount:f}" if isinstance(amount, Decimal) else str(amount)
    try:
        d = Duration.parse(text + unit)
    except DurationError:
        assume(False)  # out of range (over 100 years) or zero
    again = Duration.parse(str(d))
    assert again == d
    assert (again.amount, again.unit, again.family) == (d.amount, d.unit, d.family)
    assert again.amount == Fraction(Decimal(text))


# -- the loader -------------------------------------------------------------------------

#: YAML-ish fragments so that random text reaches deep into the parser
FRAGMENTS = st.sampled_from([
    "a", "b: ", "- ", "  ", "\n", "\t", "[", "]", "{", "}", ",", ":", "? ", "&x ", "*x", "*y", "!!str ", "!foo ",
    "!!python/object/apply:os.system ", "<<: ", "'", '"', "\\", "|", ">", "#", "---\n", "...\n", "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n", "~", "null", "yes", "1:30", "2026-02-30", "0x1F", "1e999", ".nan", "\r", "\r\n",
    "\u200b", "\u202e", "\u2028", "\x0b", "\x00", "\ufeff", "汉", "\\x07", "\\0", "\\ud800", "&a [*a]",
])
YAMLISH = st.lists(FRAGMENTS, max_size=60).map("".join)


@SETTINGS
@given(st.one_of(st.text(max_size=200), YAMLISH))
@example("- " * 100_000 + "x")
@example("[" * 100_000)
@example("a: &a [" + ", ".join(["*a"] * 10) + "]")
@example("a: !!timestamp x")
@example("a: !!map x")
@example("!!int [1]")
@example("? !!python/name:os.system\n: 1")
def test_parse_text_raises_only_load_error(text: str):
    try:
        parse_text(text, "f.yaml")
    except LoadError as exc:
        f = exc.finding
        assert f.file == "f.yaml" and f.line >= 1 and f.rule in {"yaml-syntax", "yaml-tag", "file-encoding", "hidden-char"}
        assert HAN_RE.search(f.message), f.message


@SETTINGS
@given(st.one_of(st.binary(max_size=300), YAMLISH.map(lambda s: s.encode("utf-8")), st.text(max_size=80).map(lambda s: s.encode("utf-16")),
                 st.text(max_size=80).map(lambda s: s.encode("gb18030"))))
def test_parse_bytes_raises_only_load_error(data: bytes):
    try:
        parse_text(data, "f.yaml")
    except LoadError as exc:
        assert exc.finding.line >= 1 and HAN_RE.search(exc.finding.message)


#: text the loader keeps as it is: no control characters (refused by
#: design, as `hidden-char`), no line/paragraph separators, no stray BOM
SAFE_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff\ufffe\uffff")
VALUE_TEXT = st.text(alphabet=st.one_of(SAFE_CHARS, st.sampled_from("\n\t ")), max_size=40)
#: keys also have no format characters (zero-width, direction marks):
#: a key with one would look right and be unknown, so it is refused
KEY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Cf"), blacklist_characters="\ufffe\uffff"), max_size=20)
SCALARS = st.one_of(
    VALUE_TEXT,
    st.integers(),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["yes", "no", "on", "off", "010020", "1:30", "0x1F", "1e5", "=", "<<", "~", "null", "2026-01-01", "-", "!x", "&y"]),
)
DATA = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(KEY_TEXT, inner, max_size=5)), max_leaves=30)


def _plain(value):
    """LocDict/LocList → dict/list, to compare with what was dumped."""
    if isinstance(value, dict):
        assert isinstance(value, LocDict) and all(k in value.locs for k in value)
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        assert isinstance(value, LocList) and len(value.locs) == len(value)
        return [_plain(v) for v in value]
    return value


def _depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


@SETTINGS
@given(DATA, st.booleans(), st.sampled_from([None, 20, 80]))
@example({"title": "空调", "words": ["yes", "no"], "postcode": "010020", "n": 3}, True, None)
@example({"a": "x\ny", "b": " lead", "c": "trail ", "d": "#", "e": ""}, False, 20)
def test_safe_dump_round_trips(data, flow: bool, width):
    assume(data is not None and _depth(data) <= MAX_DEPTH)
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, width=width or 80, sort_keys=False)
    assert _plain(parse_text(text, "f.yaml")) == data
    assert _plain(parse_text(text.encode("utf-8"), "f.yaml")) == data
    assert _plain(parse_text(text.replace("\n", "\r\n").encode("utf-8"), "f.yaml")) == data


@SETTINGS
@given(DATA)
def test_locations_point_into_the_text(data):
    """Every remembered location is a real line of the file."""
    assume(isinstance(data, (dict, list)) and data and _depth(data) <= MAX_DEPTH)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    lines = text.count("\n") + 1
    stack = [parse_text(text, "f.yaml")]
    while stack:
        node = stack.pop()
        if isinstance(node, (LocDict, LocList)):
            locs = node.locs.values() if isinstance(node, LocDict) else node.locs
            assert all(1 <= loc.line <= lines for loc in locs)
            stack.extend(node.values() if isinstance(node, dict) else node)
