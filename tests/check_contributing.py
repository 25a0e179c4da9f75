"""Follow docs/contributing.md's "Add a rule" in a temporary copy and run the suite.

    python3 tasks.py test   # runs this too (LEADCHECK_QUICK=1 skips it)

The copy is a git repository, so after the steps `git status` shows exactly the
files a new rule touches; this script fails if it shows any other.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RULE = """

def _elected_member_groups(ctx: Context) -> Iterator[Subject[StakeholderGroup]]:
    for subject in each_stakeholder_group(ctx):
        if subject.obj.type is GroupType.ELECTED_MEMBERS:
            yield subject


@rule(
    "LC206",
    "elected-members-consulted",
    WARNING,
    THEME,
    subjects=_elected_member_groups,
    title="Every elected members' group has been consulted",
    tips=("sources-of-leadership",),
    rationale="Elected members are a source of leadership the partnership must draw on.",
    fix="Consult the group and record the date under `last_consulted`.",
)
def elected_members_consulted(
    group: Subject[StakeholderGroup], ctx: Context, p: Params
) -> Iterator[Problem]:
    if group.obj.last_consulted is None:
        yield Problem(f"stakeholder group '{group.id}' has never been consulted", ("id",))

"""

PLAN = """\
partnership:
  name: Northfold Community Safety Partnership
  as_of: 2026-06-30
partners:
  - id: nbc
    name: Northfold Borough Council
stakeholder_groups:
  - id: sg-members
    name: Ward councillors
    type: elected_members
{consulted}"""

CASES = """\
cases:
  - name: never consulted
    plan: |
      stakeholder_groups:
        - id: sg-members  # [LC206]
          type: elected_members
          name: Ward councillors
      partnership: {name: P, as_of: 2026-06-30}
      partners: [{id: a, name: A}]
  - name: consulted
    plan: |
      stakeholder_groups:
        - id: sg-members
          type: elected_members
          name: Ward councillors
          last_consulted: 2026-05-01
      partnership: {name: P, as_of: 2026-06-30}
      partners: [{id: a, name: A}]
"""

EXPECTED = {
    "leadcheck/rules/champions.py",
    "leadcheck/rules/examples/LC206.bad.yaml",
    "leadcheck/rules/examples/LC206.good.yaml",
    "tests/rules/LC206.yaml",
    "tests/golden/rules/LC206.txt",
    "docs/rules.md",
    "docs/config.schema.json",
}


def run(*args: str, cwd: Path, env: dict[str, str]) -> None:
    print("$", " ".join(args), flush=True)
    subprocess.run(args, cwd=cwd, env=env, check=True)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="leadcheck-contributing-") as tmp:
        copy = Path(tmp) / "repo"
        files = (
            subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
            .stdout.decode()
            .split("\0")
        )
        for name in filter(None, files):
            if (ROOT / name).is_file():
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, copy / name)
        (copy / ".venv").symlink_to(ROOT / ".venv")  # the tasks reuse this environment
        env = {
            **os.environ,
            "PYTHONPATH": str(copy),
            "LEADCHECK_QUICK": "1",
            "LEADCHECK_NO_INSTALL": "1",
        }
        git = ("git", "-c", "user.name=x", "-c", "user.email=x@example.invalid")
        run(*git, "init", "-q", cwd=copy, env=env)
        run(*git, "add", "-A", cwd=copy, env=env)
        run(*git, "commit", "-qm", "before", cwd=copy, env=env)

        # 1. the rule, in its theme's module
        module = copy / "leadcheck/rules/champions.py"
        text = module.read_text(encoding="utf-8")
        text = text.replace(
            "\nif TYPE_CHECKING:", "from leadcheck.vocab import GroupType\n\nif TYPE_CHECKING:", 1
        )
        head, tail = text.split("\nRULES: tuple[Rule, ...] = (\n")
        listed, rest = tail.split("\n)\n", 1)
        listed += "\n    elected_members_consulted,"
        rule = RULE.strip("\n")
        text = f"{head.rstrip()}\n\n\n{rule}\n\n\nRULES: tuple[Rule, ...] = (\n{listed}\n)\n{rest}"
        module.write_text(text, encoding="utf-8")
        # 2. its failing and passing examples
        examples = copy / "leadcheck/rules/examples"
        bad = PLAN.format(consulted="").replace("sg-members\n", "sg-members  # [LC206]\n")
        (examples / "LC206.bad.yaml").write_text(bad, encoding="utf-8")
        good = PLAN.format(consulted="    last_consulted: 2026-05-01\n")
        (examples / "LC206.good.yaml").write_text(good, encoding="utf-8")
        # 3. its cases and their snapshot
        (copy / "tests/rules/LC206.yaml").write_text(CASES, encoding="utf-8")
        snap = {**env, "LEADCHECK_UPDATE_GOLDEN": "1"}
        pytest = str(ROOT / ".venv/bin/pytest")
        run(
            pytest,
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_rule_cases.py",
            "-k",
            "LC206",
            cwd=copy,
            env=snap,
        )
        # 4. the generated docs, 5. the whole suite
        run(sys.executable, "tasks.py", "docs", cwd=copy, env=env)
        run(sys.executable, "tasks.py", "test", "-p", "no:cacheprovider", cwd=copy, env=env)

        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=copy,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        touched = {line[3:] for line in status.splitlines()} - {".venv"}
        if touched != EXPECTED:
            print(f"a new rule touched {sorted(touched ^ EXPECTED)} unexpectedly", file=sys.stderr)
            return 1
    print("adding a rule touched only:", ", ".join(sorted(EXPECTED)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
