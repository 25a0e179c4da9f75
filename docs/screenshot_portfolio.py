"""Take docs/partners-view.png and docs/portfolio.png with headless Chromium.

    .venv/bin/python docs/screenshot_portfolio.py

partners-view.png is the "Partners' view" section of the HTML report of
examples/gaps.yaml (the chart and its table, cut out of the page with the page's
own styles); portfolio.png is `leadcheck audit examples -f html -q`: the portfolio
of the three bundled plans. Both are judged at 2026-06-30, so the pictures do not
change with the day they are taken. Offline, with a throw-away profile. Needs
Debian's chromium (`apt-get install -y chromium`).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from leadcheck.engine import Options, check_file, report
from leadcheck.formats import Format, RenderOptions, renderer, rule_catalog

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 6, 30)


def _html(paths: list[str], *, quiet: bool) -> str:
    options = Options(as_of=AS_OF)
    result = report([check_file(p, options) for p in paths], options)
    return renderer(Format.HTML)(result, RenderOptions(catalog=rule_catalog(), quiet=quiet))


def _section(page: str, start: str, end: str) -> str:
    """The page with only the body between two headings (the head and styles kept)."""
    head = page[: page.index("<main>") + len("<main>")]
    body = page[page.index(start) : page.index(end)]
    return f"{head}\n{body}\n</main>\n</body>\n</html>\n"


def _shoot(html: str, png: Path, size: str, work: Path) -> None:
    page = work / (png.stem + ".html")
    page.write_text(html, encoding="utf-8")
    png.unlink(missing_ok=True)
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={work / 'profile'}",
            f"--window-size={size}",
            f"--screenshot={png}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    if not png.exists() or not png.stat().st_size:
        sys.exit(f"chromium wrote no screenshot to {png}")
    print(f"wrote {png.relative_to(ROOT)}")


def main() -> None:
    os.chdir(ROOT)  # so that the pages name the plans examples/...
    gaps = _html(["examples/gaps.yaml"], quiet=False)
    partners = _section(gaps, "<h2>Partners' view</h2>", "<h2>Findings</h2>")
    portfolio = _html(
        ["examples/gaps.yaml", "examples/minimal.yaml", "examples/ready.yaml"], quiet=True
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _shoot(partners, ROOT / "docs" / "partners-view.png", "1000,820", work)
        _shoot(portfolio, ROOT / "docs" / "portfolio.png", "1100,1500", work)


if __name__ == "__main__":
    main()
