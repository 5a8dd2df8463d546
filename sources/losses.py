"""What ingest did not keep, as line ranges per file with their reason (the report's "every loss")."""
from __future__ import annotations

from collections.abc import Iterable

from sources.models import LineFate

NOT_A_LOSS = {("other", "blank line")}


def loss_ranges(fates: Iterable[LineFate]) -> list[dict]:
    """Runs of consecutive lines of one file with the same non-kept fate and reason.

    Blank lines are not losses; they neither start a range nor break one. Each range is
    ``{"file", "first", "last", "lines", "fate", "reason"}`` (lines 1-based, inclusive).
    """
    out: list[dict] = []
    by_file: dict[str, list[LineFate]] = {}
    for f in fates:
        by_file.setdefault(f.file, []).append(f)
    for file, items in by_file.items():
        cur: dict | None = None
        for f in sorted(items, key=lambda x: x.line):
            if (f.fate, f.reason) in NOT_A_LOSS:
                continue
            if f.fate == "kept":
                cur = None
                continue
            if cur and cur["fate"] == f.fate and cur["reason"] == f.reason:
                cur["last"], cur["lines"] = f.line, cur["lines"] + 1
                continue
            cur = {"file": file, "first": f.line, "last": f.line, "lines": 1, "fate": f.fate, "reason": f.reason}
            out.append(cur)
    return out


def summarise(ranges: list[dict], *, first: int = 3) -> list[dict]:
    """Per file and reason: line and range counts and the first few locations (``file:a-b``)."""
    groups: dict[tuple[str, str, str], dict] = {}
    for r in ranges:
        key = (r["file"], r["fate"], r["reason"])
        g = groups.setdefault(key, {"file": r["file"], "fate": r["fate"], "reason": r["reason"], "lines": 0,
                                    "ranges": 0, "first": []})
        g["lines"] += r["lines"]
        g["ranges"] += 1
        if len(g["first"]) < first:
            g["first"].append(f"{r['first']}" if r["first"] == r["last"] else f"{r['first']}-{r['last']}")
    return list(groups.values())
