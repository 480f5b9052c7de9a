"""Screenshots of the built site for a person to look at: home, a policy,
outlets, 如何报修, downloads, the 404 page and a search for 保修, at 1280 px
and at 390 px (a phone), in the system's Chromium with the shipped fonts.

    .venv/bin/python scripts/screenshots.py [--site SITE] [--out FOLDER]

(default: site/ of this repository, and tender-screenshots/ in the system's
temporary folder).

Build the site first (`tender build` or `tender build --no-pdf`). Needs the
test tools (`bash scripts/setup.sh --test`: playwright and Chromium). This is
not a test: nothing here can judge whether a page looks right, so it is not
in the suite; the browser tests check what can be checked.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browsing import PHONE, chromium, search, serving  # noqa: E402

PAGES = (("home", "/"), ("policy", "/policies/led/"), ("outlets", "/outlets/"), ("repair", "/repair/"),
         ("downloads", "/downloads/"), ("404", "/no-such-page/"))


def shoot(site: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    taken = []
    with tempfile.TemporaryDirectory(prefix="tender-shots-") as work, serving(site) as server, chromium(Path(work)) as browser:
        for width in (1280, PHONE):
            page = browser.new_page(viewport={"width": width, "height": 900 if width > 600 else 844})
            for name, path in PAGES:
                page.goto(server + path)
                page.wait_for_load_state("networkidle")
                page.evaluate("document.fonts.ready")
                # animations="disabled" ends the fade-in of the header tabs at once
                # (a shot taken during it shows them faint), instead of waiting it out
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True, animations="disabled")
                taken.append(target)
            search(page, server, "保修")
            target = out / f"search-{width}.png"
            page.screenshot(path=str(target), animations="disabled")  # the overlay's slide, ended
            taken.append(target)
            page.close()
    return taken


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=REPO / "site", help="the built site folder (default: site/ of this repository)")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "tender-screenshots")
    args = ap.parse_args()
    if not (args.site / "index.html").is_file():
        raise SystemExit(f"{args.site} holds no built site: run `tender build` (or `tender build --no-pdf`) first")
    for path in shoot(args.site, args.out):
        print(path)


if __name__ == "__main__":
    main()
