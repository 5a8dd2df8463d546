"""The build report scales: counts by reason with the first locations, everything with --verbose; the
progress bar only at a terminal (issue #15)."""
from __future__ import annotations

import io
import time

from click.testing import CliRunner

from corridors.build_report import FIRST, Progress, format_losses, format_report, group_messages
from corridors.cli import cli


def _report(n_files: int, n_dups: int) -> dict:
    losses = [{"file": f"f{i}.txt", "first": 1 + j * 10, "last": 1 + j * 10, "lines": 1, "fate": "boilerplate",
               "reason": "site chrome: share bar"} for i in range(n_files) for j in range(2)]
    return {"files": n_files, "files_skipped": [], "articles": 5, "passages": 9, "duplicate_copies": n_dups,
            "duplicates": [f"f{i}.txt:3-9: duplicate of a{i}" for i in range(n_dups)],
            "lines": {"kept": 9, "duplicate": n_dups}, "flagged_articles": {}, "problems": [], "warnings": [],
            "lines_by_reason": {"duplicate": {f"duplicate copy of a{i}": 1 for i in range(n_dups)}},
            "losses": losses}


def test_many_duplicates_and_files_are_counted_not_listed():
    rep = _report(40, 200)
    text = format_report(rep, "x.sqlite") + "\n" + format_losses(rep)
    assert len(text.splitlines()) < 30
    assert "… and 197 more duplicate copies (--verbose lists them)" in text
    assert "… 190 more reasons" in text
    assert "dropped: 80 line(s) in 80 range(s) of 40 file(s), boilerplate: site chrome: share bar " \
           "(at f0.txt:1, f0.txt:11, f1.txt:1, …)" in text


def test_verbose_lists_everything():
    rep = _report(40, 200)
    text = format_report(rep, "x.sqlite", verbose=True) + "\n" + format_losses(rep, verbose=True)
    assert sum(ln.startswith("  f") and "duplicate of" in ln for ln in text.splitlines()) == 200
    assert sum(ln.startswith("dropped: f") for ln in text.splitlines()) == 80


def test_few_losses_stay_per_file():
    text = format_losses(_report(2, 0))
    assert text.splitlines() == ["dropped: f0.txt: 2 line(s) in 2 range(s), "
                                 "boilerplate: site chrome: share bar (at 1, 11)",
                                 "dropped: f1.txt: 2 line(s) in 2 range(s), "
                                 "boilerplate: site chrome: share bar (at 1, 11)"]


def test_warnings_are_grouped_by_message():
    lines = [f"c/f.txt:{i}: catalog entry 'x' already matched another article" for i in range(1, 51)] + ["c/g.txt: odd"]
    out = group_messages(lines)
    assert out[:FIRST] == lines[:FIRST]
    assert out[FIRST] == f"… and {50 - FIRST} more like this: catalog entry 'x' already matched another article " \
                         "(--verbose lists them)"
    assert out[-1] == "c/g.txt: odd" and len(out) == FIRST + 2
    assert group_messages(lines, verbose=True) == lines


def test_no_progress_bar_when_stderr_is_not_a_terminal():
    buf = io.StringIO()
    with Progress(enabled=True, stream=buf, delay=0) as p:
        p.stage("annotating", 10, "passage")
        p.advance(10)
    assert buf.getvalue() == ""


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_at_a_terminal_after_the_delay_only():
    quick, slow = _Tty(), _Tty()
    with Progress(enabled=True, stream=quick, delay=60) as p:
        p.stage("annotating", 10, "passage")
        p.advance(10)
    assert quick.getvalue() == ""
    with Progress(enabled=True, stream=slow, delay=0) as p:
        p.stage("annotating", 10, "passage")
        time.sleep(0.3)  # past tqdm's redraw interval
        p.advance(4)
    assert "annotating" in slow.getvalue() and "4/10" in slow.getvalue()
    off = _Tty()
    with Progress(enabled=False, stream=off, delay=0) as p:
        p.stage("annotating", 10, "passage")
        p.advance(4)
    assert off.getvalue() == ""


def test_cli_build_prints_no_progress_when_not_at_a_terminal(tmp_path):
    r = CliRunner().invoke(cli, ["build", "--db", str(tmp_path / "i.sqlite")])
    assert r.exit_code == 0, r.output
    assert "annotating" not in r.output and "it/s" not in r.output and "passage/s" not in r.output
