"""Take docs/history-report.png: `leadcheck history -f html` of a demo plan's history.

    .venv/bin/python docs/screenshot_history.py [PNG]

Builds a throw-away git repository in which examples/gaps.yaml is improved over
seven monthly commits (with one step back), renders the history page and takes a
screenshot with headless Chromium (offline, with a throw-away profile).
Needs git and Debian's chromium (`apt-get install -y chromium`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAPS = (ROOT / "examples" / "gaps.yaml").read_text(encoding="utf-8")

FALLS = ("  - id: ws-falls  # [LC201]\n", "  - id: ws-falls\n    champions: [p-hughes]\n")
CARERS = ("    champions: [p-fairclough]  # [LC302]", "    champions: [p-wilkes]")
HOME_FIRST = ("    champions: [p-ferreira, p-jamal]\n", "")
RISK = (
    "governance:  # [LC407]\n",
    "governance:\n  risk_appetite:\n    statement: Leads may change rotas and criteria within "
    "budget without asking.\n    approved_on: 2026-04-14\n",
)
CARE_HOMES = ("    participation: consult  # [LC304]", "    participation: co_design")
LEAD = (
    "    employer: mcc  # [LC102]\n    funded_by: [mcc]\n",
    "    employer: central\n    funded_by: [mcc, tvh, mtvicb, ageuk]\n",
)
AGEUK = ("        available_to: [p-jamal]", "        available_to: [p-jamal, p-thornton]")

STEPS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("2026-01-12", "First draft of the frailty plan", []),
    ("2026-02-09", "Champion for the falls work stream", [FALLS]),
    ("2026-03-09", "Carers' group championed by a carer", [FALLS, CARERS]),
    ("2026-04-06", "Home First champions move on", [FALLS, CARERS, HOME_FIRST]),
    ("2026-05-11", "Risk appetite approved; new Home First champions", [FALLS, CARERS, RISK]),
    ("2026-06-08", "Care homes co-design; Age UK resources open to the lead", [
        FALLS, CARERS, RISK, CARE_HOMES, AGEUK,
    ]),
    ("2026-07-06", "Improvement lead hosted centrally, funded by all four partners", [
        FALLS, CARERS, RISK, CARE_HOMES, AGEUK, LEAD,
    ]),
]  # fmt: skip


def _version(edits: list[tuple[str, str]]) -> str:
    text = GAPS
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _git(repo: Path, *args: str, date: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Programme office",
        "GIT_AUTHOR_EMAIL": "pmo@example.invalid",
        "GIT_COMMITTER_NAME": "Programme office",
        "GIT_COMMITTER_EMAIL": "pmo@example.invalid",
        "GIT_AUTHOR_DATE": f"{date}T09:30:00+00:00",
        "GIT_COMMITTER_DATE": f"{date}T09:30:00+00:00",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def main(png: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "frailty"
        (repo / "plans").mkdir(parents=True)
        _git(repo, "init", "-q", date=STEPS[0][0])
        for date, message, edits in STEPS:
            (repo / "plans" / "frailty.yaml").write_text(_version(edits), encoding="utf-8")
            _git(repo, "add", "-A", date=date)
            _git(repo, "commit", "-q", "-m", message, date=date)
        page = Path(tmp) / "history.html"
        command = ["history", "plans/frailty.yaml", "-f", "html", "-o", str(page), "--no-config"]
        subprocess.run(
            [sys.executable, "-m", "leadcheck", *command],
            cwd=repo,
            check=True,
        )
        png.unlink(missing_ok=True)
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={Path(tmp) / 'profile'}",
                "--hide-scrollbars",
                f"--screenshot={png}",
                "--window-size=1100,1400",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    print(f"wrote {png}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "history-report.png")
