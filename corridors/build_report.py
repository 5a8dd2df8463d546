"""The build report as text that scales, and the build's progress bar.

A corpus of thousands of files must not print thousands of lines: duplicates, dropped lines and warnings are
counted by reason with the first few locations; ``--verbose`` lists every one. The progress bar (tqdm, on
stderr) appears only at a terminal and only once a build has run for a second.
"""
from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

FIRST = 3  # locations shown per reason
MAX_LISTED = 5  # duplicates listed one by one before they are summarised
MAX_REASONS = 10  # reasons shown per line fate before the rest are summed up
MAX_LOSS_FILES = 10  # files losing lines before losses are grouped by reason across files
MAX_FILE_GROUPS = 40  # or per-file-and-reason lines
_WHERE = re.compile(r"^(?P<where>.+?:\d+(?:-\d+)?): (?P<what>.+)$", re.S)


def format_report(rep: dict, db_path: Path, *, verbose: bool = False) -> str:
    """The build report: files, articles, passages, duplicates, lines by fate and reason.

    Warnings and errors are not part of it: the CLI prints them on stderr (:func:`group_messages`).
    """
    out = [f"index: {db_path}",
           f"files: {rep['files']} ({len(rep['files_skipped'])} skipped)",
           f"articles: {rep['articles']}", f"passages: {rep['passages']}",
           f"duplicate copies merged: {rep['duplicate_copies']}"]
    dups = list(rep["duplicates"])
    shown = dups if verbose or len(dups) <= MAX_LISTED else dups[:FIRST]
    out += [f"  {d}" for d in shown]
    if len(shown) < len(dups):
        out.append(f"  … and {len(dups) - len(shown)} more duplicate copies (--verbose lists them)")
    out += [f"skipped: {f['path']}: {f.get('reason') or f['status']}" for f in rep["files_skipped"]]
    out.append("lines: " + ", ".join(f"{k} {v}" for k, v in sorted(rep["lines"].items())))
    for fate, reasons in sorted(rep["lines_by_reason"].items()):
        if fate == "kept":
            continue
        ranked = sorted(reasons.items(), key=lambda kv: -kv[1])
        listed = ranked if verbose or len(ranked) <= MAX_REASONS else ranked[:MAX_REASONS]
        out += [f"  {fate:<11} {n:>6}  {reason}" for reason, n in listed]
        rest = ranked[len(listed):]
        if rest:
            out.append(f"  {fate:<11} {sum(n for _, n in rest):>6}  … {len(rest)} more reasons (--verbose lists them)")
    for aid, flags in rep["flagged_articles"].items():
        out.append(f"flagged: {aid}: {'; '.join(flags)}")
    out.append(f"{len(rep['problems'])} error(s), {len(rep['warnings'])} warning(s)")
    return "\n".join(out)


def format_losses(rep: dict, *, verbose: bool = False) -> str:
    """The dropped lines: per file and reason with the first locations; across files by reason when many
    files lose lines; every range with ``verbose``."""
    from sources.losses import summarise

    ranges = rep.get("losses", [])
    if verbose:
        return "\n".join(f"dropped: {r['file']}:{r['first']}" + (f"-{r['last']}" if r["last"] != r["first"] else "")
                         + f" {r['fate']}: {r['reason']}" for r in ranges)
    groups = summarise(ranges, first=FIRST)
    if len({g["file"] for g in groups}) <= MAX_LOSS_FILES and len(groups) <= MAX_FILE_GROUPS:
        return "\n".join(f"dropped: {g['file']}: {g['lines']} line(s) in {g['ranges']} range(s), {g['fate']}: "
                         f"{g['reason']} (at {', '.join(g['first'])}{', …' if g['ranges'] > len(g['first']) else ''})"
                         for g in groups)
    return "\n".join(_by_reason(ranges))


def _by_reason(ranges: list[dict]) -> Iterable[str]:
    """One line per fate and reason over every file: counts and the first few ``file:line`` locations."""
    by: dict[tuple[str, str], dict] = {}
    for r in ranges:
        g = by.setdefault((r["fate"], r["reason"]), {"lines": 0, "ranges": 0, "files": set(), "first": []})
        g["lines"] += r["lines"]
        g["ranges"] += 1
        g["files"].add(r["file"])
        if len(g["first"]) < FIRST:
            g["first"].append(f"{r['file']}:{r['first']}" + (f"-{r['last']}" if r["last"] != r["first"] else ""))
    for (fate, reason), g in sorted(by.items(), key=lambda kv: -kv[1]["lines"]):
        more = ", …" if g["ranges"] > len(g["first"]) else ""
        yield (f"dropped: {g['lines']} line(s) in {g['ranges']} range(s) of {len(g['files'])} file(s), "
               f"{fate}: {reason} "
               f"(at {', '.join(g['first'])}{more})")
    yield "dropped: --verbose lists every range; --report FILE writes them all as JSON"


def group_messages(lines: list[str], *, verbose: bool = False) -> list[str]:
    """Warnings as printed: every one with ``verbose``; else the first few of each message (the words after
    ``path:line:``), then how many more there are."""
    if verbose:
        return list(lines)
    by: dict[str, list[str]] = {}
    for line in lines:
        m = _WHERE.match(line)
        by.setdefault(m.group("what") if m else line, []).append(line)
    out = []
    for what, items in by.items():
        out += items[:FIRST]
        if len(items) > FIRST:
            out.append(f"… and {len(items) - FIRST} more like this: {_short(what)} (--verbose lists them)")
    return out


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


class Progress:
    """A progress bar on ``stream`` for the build's steps (reading, annotating, writing), shown only at a
    terminal and once the build has run for ``delay`` seconds; does nothing when disabled.

    A step that counts nothing (reading the files) still shows its name and the time spent: a ticker
    thread redraws the bar twice a second. Enabled or not, each step's wall and CPU seconds (this process's)
    are kept in ``timings`` (:meth:`format_timings`).
    """

    def __init__(self, enabled: bool, stream: TextIO | None = None, delay: float = 1.0) -> None:
        self._stream = stream or sys.stderr
        self._enabled = enabled and _is_tty(self._stream)
        self._delay, self._t0 = delay, time.monotonic()
        self._bar = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.timings: list[tuple[str, float, float]] = []  # (step, wall s, CPU s), in order
        self._step: tuple[str, float, float] | None = None
        if self._enabled:
            threading.Thread(target=self._tick, daemon=True, name="build-progress").start()

    def stage(self, name: str, total: int | None = None, unit: str = "it") -> None:
        """Start a step: its name, and how many of ``unit`` it counts (None: it counts nothing)."""
        self._end_step()
        self._step = (name, time.perf_counter(), time.process_time())
        if not self._enabled:
            return
        from tqdm import tqdm

        with self._lock:
            if self._bar is not None:
                self._bar.close()
            wait = max(0.0, self._delay - (time.monotonic() - self._t0))
            self._bar = tqdm(total=total, desc=name, unit=unit, file=self._stream, delay=wait, leave=False,
                             dynamic_ncols=True, mininterval=0.2)

    def advance(self, n: int) -> None:
        with self._lock:
            if self._bar is not None:
                self._bar.update(n)

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            with self._lock:
                if self._bar is not None:
                    self._bar.update(0)

    def _end_step(self) -> None:
        if self._step is not None:
            name, wall, cpu = self._step
            self.timings.append((name, time.perf_counter() - wall, time.process_time() - cpu))
            self._step = None

    def format_timings(self) -> str:
        """One line per step: ``step: wall s (CPU s)``; CPU is this process's (a pool's workers not included)."""
        return "\n".join(f"{name}: {wall:.2f} s (CPU {cpu:.2f} s)" for name, wall, cpu in self.timings)

    def close(self) -> None:
        self._end_step()
        self._stop.set()
        with self._lock:
            if self._bar is not None:
                self._bar.close()
                self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
