"""The README stays true: its test command is what CI runs; every command and variable is documented."""
from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from corridors.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _bash_blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", README, re.S)


def test_ci_runs_the_readme_test_command():
    test_cmd = next(b.strip() for b in _bash_blocks() if "pytest" in b)
    assert test_cmd in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_and_variable_is_in_the_readme():
    for name in cli.commands:
        assert f"corridors {name}" in README, name
    for var in ("CORRIDORS_DB", "CORRIDORS_CORPUS"):
        assert var in README


def test_every_command_has_help_with_an_example():
    for name in cli.commands:
        out = CliRunner().invoke(cli, [name, "--help"]).output
        assert "Example:" in out, name


def test_every_option_of_every_command_is_in_the_readme():
    cli_section = README[README.index("## Command line"):]
    for name, command in cli.commands.items():
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in cli_section, f"corridors {name} {opt}"
