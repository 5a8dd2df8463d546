"""Print ingest quality on a labelled set (tests/data/devset or tuneset; format in its README).

Per set: paragraph recall (a labelled paragraph counts when it equals one passage, whitespace-normalised),
titles, dates and authors right (over the articles whose file prints them), per file; and how many files were
given a title, date or author where the file prints none (the label is ``""`` / ``[]``): a citation with an
invented title, date or author is worse than one that says it is unknown.

    python bench/devset_quality.py tests/data/tuneset [--misses]
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sources.ingest import ingest_files  # noqa: E402


def norm(s: str) -> str:
    """Whitespace-normalised text, the comparison the labels are made for."""
    return " ".join(s.split())


def evaluate(set_dir: Path) -> dict:
    """Ingest each labelled file on its own and compare with the labels; returns the figures and misses."""
    labels = tomllib.loads((set_dir / "labels.toml").read_text(encoding="utf-8"))["article"]
    tot = {"paragraphs": 0, "found": 0, "titles": 0, "titles_ok": 0, "dates": 0, "dates_ok": 0,
           "authors": 0, "authors_ok": 0, "files": 0, "unprinted": 0, "invented": 0}
    misses: list[str] = []
    for art in labels:
        want = [norm(p["text"]) for p in art.get("paragraph", [])]
        for f in art["files"]:
            rep = ingest_files([set_dir / f])
            tot["files"] += 1
            got = {norm(p.text) for p in rep.passages}
            hit = [w in got for w in want]
            tot["paragraphs"] += len(want)
            tot["found"] += sum(hit)
            misses += [f"{f}: paragraph {i + 1} not whole: {w[:90]!r}"
                       for i, (w, h) in enumerate(zip(want, hit)) if not h]
            a = rep.articles[0] if rep.articles else None
            for key, label, value in (("titles", art["title"], a.title if a else None),
                                      ("dates", art["date"], a.date if a else None),
                                      ("authors", art["authors"], list(a.authors) if a else [])):
                if not label:
                    tot["unprinted"] += 1
                    if value:
                        tot["invented"] += 1
                        misses.append(f"{f}: {key[:-1]} {value!r} given, the file prints none")
                    continue
                tot[key] += 1
                ok = (norm(value or "") == norm(label)) if key == "titles" else (value == label)
                tot[key + "_ok"] += ok
                if not ok:
                    misses.append(f"{f}: {key[:-1]} {value!r} != label {label!r}")
            if len(rep.articles) != 1:
                misses.append(f"{f}: {len(rep.articles)} articles")
    return {"totals": tot, "misses": misses}


def main(argv: list[str]) -> None:
    for d in [a for a in argv if not a.startswith("--")]:
        res = evaluate(Path(d))
        t = res["totals"]

        def pct(a, b):
            return f"{a}/{b} ({100 * a / b:.1f}%)" if b else "n/a"

        print(f"{d}: {t['files']} files; paragraphs whole {pct(t['found'], t['paragraphs'])}; "
              f"titles {pct(t['titles_ok'], t['titles'])}; dates {pct(t['dates_ok'], t['dates'])}; "
              f"authors {pct(t['authors_ok'], t['authors'])}; given where none printed "
              f"{t['invented']}/{t['unprinted']}")
        if "--misses" in argv:
            for m in res["misses"]:
                print("  ", m)


if __name__ == "__main__":
    main(sys.argv[1:])
