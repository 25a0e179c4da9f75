"""Save the gaps report as an SVG screenshot (docs/gaps-report.svg) with rich's export.

python3 tasks.py docs
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from rich.text import Text

from leadcheck.engine import check_file, report
from leadcheck.formats import Format, RenderOptions, renderer, rule_catalog

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    result = report([check_file("examples/gaps.yaml")])
    options = RenderOptions(catalog=rule_catalog(), color=True, width=110)
    ansi = renderer(Format.TEXT)(result, options)
    console = Console(record=True, width=110, force_terminal=True, file=io.StringIO())
    console.print(Text.from_ansi(ansi), soft_wrap=True)
    console.save_svg(
        str(ROOT / "docs" / "gaps-report.svg"), title="leadcheck audit examples/gaps.yaml"
    )


if __name__ == "__main__":
    main()
