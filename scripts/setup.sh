#!/usr/bin/env bash
# Installs what tender needs on a fresh Debian/Ubuntu machine, into .venv/.
#   bash scripts/setup.sh          # run-time: Pango, HarfBuzz subsetter, the package
#   bash scripts/setup.sh --test   # also Chromium, poppler-utils, LibreOffice (reads our .docx) and test packages
# System packages are installed with apt-get when running as root (or with sudo);
# otherwise the missing ones are listed and you install them yourself.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# libharfbuzz-subset0: WeasyPrint subsets fonts 12x faster with it (typography.md)
pkgs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig)
if [ $want_test = 1 ]; then
  # qpdf: structural check of the PDF/A policy PDFs (tests/test_pdfa.py)
  # libreoffice-writer-nogui: a second reader of the .docx files (tests/test_word_libreoffice.py)
  pkgs+=(chromium poppler-utils qpdf libreoffice-writer-nogui)
  # nodejs/npm: the YAML language server (VS Code's) for tests/test_editor.py.
  # Only when no npm is on the PATH: a machine with NodeSource's nodejs (which
  # bundles npm) cannot take Debian's npm package beside it.
  command -v npm >/dev/null || pkgs+=(nodejs npm)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt_get=(apt-get); elif command -v sudo >/dev/null; then apt_get=(sudo apt-get); else apt_get=(); fi
  if [ ${#apt_get[@]} -gt 0 ]; then
    echo "安装系统软件包：${missing[*]}"
    "${apt_get[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "缺少系统软件包（请用管理员权限安装）：${missing[*]}" >&2
    exit 1
  fi
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ $want_test = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[test]"
else
  .venv/bin/python -m pip install -q -e .
fi
if [ $want_test = 1 ]; then
  # the editor's YAML language server, project-local (git-ignored), for tests/test_editor.py
  [ -x tests/.lsp/node_modules/.bin/yaml-language-server ] || \
    npm install --prefix tests/.lsp --no-audit --no-fund --loglevel=error yaml-language-server@1.25.0 >/dev/null
fi
echo "安装完成：.venv/bin/tender"
