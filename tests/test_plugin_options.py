"""The mkdocs plugin takes its inputs as config options (mkdocs.yml
``plugins: - tender: {...}``); tender build and tender serve set them through
mkdocs' own ``plugins`` override, never by attributes on the plugin or by
environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import REPO
from generator.mkdocs_plugin import plugins_with

PACKAGE = REPO / "generator"


def _yml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_options_go_to_the_tender_entry_and_the_other_plugins_stay(tmp_path):
    path = _yml(tmp_path, "site_name: x\nplugins:\n  - search:\n      lang: zh\n  - tender:\n      pdf: true\n")
    assert plugins_with(path, pdf=False, bid_pdf=True) == {"search": {"lang": "zh"}, "tender": {"pdf": False, "bid_pdf": True}}


@pytest.mark.parametrize("plugins", ["  - search\n  - tender\n", "  search: {}\n  tender:\n"])
def test_the_short_and_the_mapping_forms_of_the_plugin_list(tmp_path, plugins):
    path = _yml(tmp_path, "site_name: x\nplugins:\n" + plugins)
    assert plugins_with(path, pdf=False) == {"search": {}, "tender": {"pdf": False}}


def test_mkdocs_reads_the_override_without_consuming_it(tmp_path):
    """tender serve hands the same override to every reload of the config."""
    from mkdocs.config.config_options import Plugins

    plugins = plugins_with(_yml(tmp_path, "site_name: x\nplugins:\n  - search\n  - tender\n"), pdf=False)
    before = repr(plugins)
    assert list(Plugins._parse_configs(plugins)) == list(Plugins._parse_configs(plugins))
    assert repr(plugins) == before


@pytest.mark.parametrize("text", ["site_name: x\nplugins:\n  - search\n", "site_name: x\n", "plugins: [unclosed\n"])
def test_no_tender_entry_or_an_unreadable_file_is_none(tmp_path, text):
    assert plugins_with(_yml(tmp_path, text), pdf=False) is None


def test_no_state_passes_through_the_environment_or_plugin_attributes():
    for name in ("cli.py", "build.py", "mkdocs_plugin.py", "preview.py"):
        text = (PACKAGE / name).read_text(encoding="utf-8")
        assert "TENDER_SITE_PDF" not in text, name
    build = (PACKAGE / "build.py").read_text(encoding="utf-8")
    assert "plugin." not in build


@pytest.mark.slow
def test_the_build_hands_the_checked_project_and_its_pdfs_in_as_options(project, tmp_path):
    """What tender build does, without rendering: the site links exactly the
    PDFs of pdf_dir, and the plugin reads the checked project it is given."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.checker import check_project

    checked = check_project(project)
    checked.project.policies["hvac"].title = "由选项传入的项目"  # a second check would not show this
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    (pdfs / "led.pdf").write_bytes(b"%PDF-1.7 stand-in")
    cwd = os.getcwd()
    os.chdir(project)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"),
                             plugins=plugins_with(project / "mkdocs.yml", checked=checked, pdf=True, pdf_dir=str(pdfs)))
        build(config)
    finally:
        os.chdir(cwd)
    site = tmp_path / "site"
    assert (site / "downloads/led.pdf").read_bytes() == b"%PDF-1.7 stand-in"
    assert not (site / "downloads/hvac.pdf").exists()
    assert "由选项传入的项目" in (site / "policies/hvac/index.html").read_text(encoding="utf-8")


# -- jieba's dictionary, read whole --------------------------------------------------------


def test_jieba_cache_read_whole_gives_what_jieba_itself_loads(tmp_path):
    """The plugin's quick read of jieba's cache must fill a tokenizer exactly
    as jieba's own initialize does (same words, same total), so search
    splits text the same way; it must leave alone what it cannot vouch for."""
    import jieba

    from generator.mkdocs_plugin import load_jieba_cache

    reference = jieba.Tokenizer()
    reference.tmp_dir = str(tmp_path)
    reference.initialize()  # no cache yet in tmp_path: jieba builds one from dict.txt and writes it
    assert (tmp_path / "jieba.cache").is_file()

    quick = jieba.Tokenizer()
    quick.tmp_dir = str(tmp_path)
    assert load_jieba_cache(quick)
    assert quick.initialized and quick.total == reference.total and quick.FREQ == reference.FREQ
    assert list(quick.cut("售后服务质保期内免费上门维修")) == list(reference.cut("售后服务质保期内免费上门维修"))
    assert not load_jieba_cache(quick), "an initialised tokenizer is not loaded twice"

    other_dict = jieba.Tokenizer(str(tmp_path / "mine.txt"))
    other_dict.tmp_dir = str(tmp_path)
    assert not load_jieba_cache(other_dict) and not other_dict.initialized

    (tmp_path / "jieba.cache").write_bytes(b"not marshal")
    damaged = jieba.Tokenizer()
    damaged.tmp_dir = str(tmp_path)
    assert not load_jieba_cache(damaged) and not damaged.initialized

    import marshal

    (tmp_path / "jieba.cache").write_bytes(marshal.dumps(["a list", 3]))
    assert not load_jieba_cache(damaged) and not damaged.initialized
