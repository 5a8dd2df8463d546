"""Per-passage actor quality: precision, recall and F1, with states rolled up through parents; matching speed.

Three label sets:

- the bundled gold (``tests/data/gold_labels.toml``: actor ids per passage of the bundled corpus, ingested);
- the tuning set and the held-out dev set (``tests/data/tuneset``, ``tests/data/devset``; format in
  DEVSET_SPEC.md): each labelled paragraph's TEXT is made a passage directly, so ingestion defects do not count.

Labels ("state:Iran", "person:Name (State)", "company:SOCAR (Azerbaijan)", "org:NATO") are mapped to actor ids
with the catalog's resolver; a person or company the catalog does not know rolls up to the state or body in its
parentheses; a name that resolves to nothing counts as a miss. Gold and predictions are both rolled up to their
top-level state or body (Pezeshkian -> Iran, EUMA -> EU), so a passage is scored on the states and bodies an
analyst would filter on.

Run: ``python bench/actor_quality.py [--show-errors] [--set PATH]...`` (errors are never shown for the dev set).
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sources.actors import ActorCatalog, annotate_actors, default_actors  # noqa: E402
from sources.models import Passage, Provenance  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold_labels.toml"
SETS = (ROOT / "tests" / "data" / "tuneset", ROOT / "tests" / "data" / "devset")
_LABEL = re.compile(r"^(?P<kind>\w+):(?P<name>.+?)(?:\s*\((?P<parent>[^()]+)\))?$")


def label_to_top(label: str, cat: ActorCatalog) -> str:
    """The top-level actor id a dev-set label rolls up to ("?label" when nothing resolves)."""
    m = _LABEL.match(label.strip())
    if not m:
        return f"?{label}"
    for name in (m["name"], m["parent"]):
        if name:
            try:
                return cat.top(cat.resolve(name))
            except KeyError:
                continue
    return f"?{label}"


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (1.0 when nothing was expected or predicted)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def labelled_passages(folder: Path) -> tuple[list[Passage], dict[str, list[str]]]:
    """Passages made from a label set's paragraph texts, and their actor labels."""
    data = tomllib.loads((folder / "labels.toml").read_text(encoding="utf-8"))
    passages, labels = [], {}
    for art in data.get("article", []):
        for n, para in enumerate(art.get("paragraph", []), 1):
            pid = f"{art['key']}#p{n}"
            text = para["text"]
            passages.append(Passage(pid, art["key"], n, "body", None, text, Provenance(str(folder), n, 0, len(text))))
            labels[pid] = list(para.get("actors", []))
    return passages, labels


def score(passages: list[Passage], gold: dict[str, set[str]], cat: ActorCatalog, errors: list[str] | None) -> dict:
    """Micro P/R/F1 over passages of rolled-up actor sets; timing of the matching pass."""
    t0 = time.perf_counter()
    mentions, _ = annotate_actors(passages, cat)
    elapsed = time.perf_counter() - t0
    c: Counter = Counter()
    for p in passages:
        got = {cat.top(m.actor_id) for m in mentions.get(p.id, ())}
        want = gold[p.id]
        c["tp"] += len(got & want)
        c["fp"] += len(got - want)
        c["fn"] += len(want - got)
        if errors is not None and got != want:
            words = {cat.top(m.actor_id): m.text for m in mentions.get(p.id, ())}
            errors.append(f"{p.id}: FP {sorted(f'{a}<{words[a]}>' for a in got - want)} FN {sorted(want - got)}"
                          f"\n    {p.text[:300]}")
    chars = sum(len(p.text) for p in passages)
    return {"prf": prf(c["tp"], c["fp"], c["fn"]), "counts": dict(c), "passages": len(passages),
            "seconds": elapsed, "chars": chars, "passage_list": passages}


def bundled(cat: ActorCatalog, errors: list[str] | None) -> dict:
    """Score the bundled gold on the ingested bundled corpus."""
    from sources.ingest import corpus_files, ingest_files

    data = tomllib.loads(GOLD.read_text(encoding="utf-8"))
    gold = {p["id"]: {cat.top(a) if a in cat.actors else f"?{a}" for a in p.get("actors", [])} for p in data["passage"]}
    passages = [p for p in ingest_files(corpus_files()).passages if p.id in gold]
    return score(passages, gold, cat, errors)


def label_set(folder: Path, cat: ActorCatalog, errors: list[str] | None) -> dict:
    """Score one dev-set-format folder."""
    passages, labels = labelled_passages(folder)
    gold = {pid: {label_to_top(x, cat) for x in xs} for pid, xs in labels.items()}
    unresolved = sorted({g for gs in gold.values() for g in gs if g.startswith("?")})
    return {**score(passages, gold, cat, errors), "unresolved": unresolved}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-errors", action="store_true", help="print wrong passages (not for the dev set)")
    ap.add_argument("--set", dest="sets", action="append", type=Path, help="a label-set folder (repeatable)")
    args = ap.parse_args(argv)
    cat = default_actors()
    gold_errs: list[str] | None = [] if args.show_errors else None
    results = {"bundled gold": bundled(cat, gold_errs)}
    if gold_errs:
        print(f"--- bundled gold: {len(gold_errs)} passages with errors\n" + "\n".join(gold_errs))
    for folder in args.sets or SETS:
        if not (folder / "labels.toml").exists():
            print(f"{folder}: no labels.toml, skipped")
            continue
        show = args.show_errors and "devset" not in folder.name
        errs: list[str] | None = [] if show else None
        results[folder.name] = label_set(folder, cat, errs)
        if errs:
            print(f"--- {folder.name}: {len(errs)} passages with errors\n" + "\n".join(errs))
    for name, r in results.items():
        p, rc, f = r["prf"]
        print(f"{name:14s} passages {r['passages']:4d}  actors P {p:.3f} R {rc:.3f} F1 {f:.3f}  {r['counts']}")
        if r.get("unresolved"):
            print(f"{'':14s} unresolved labels ({len(r['unresolved'])}): {', '.join(r['unresolved'][:12])}")
    speed(cat, results["bundled gold"]["passage_list"] + [p for r in list(results.values())[1:]
                                                         for p in r["passage_list"]])


def speed(cat: ActorCatalog, passages: list[Passage], repeat: int = 5) -> None:
    """Best of ``repeat`` timings of annotating every passage (matching, context rules, roles)."""
    best = min(_timed(cat, passages) for _ in range(repeat))
    chars = sum(len(p.text) for p in passages)
    print(f"matching speed (best of {repeat}): {chars / best / 1e6:.2f} M chars/s, {len(passages) / best:,.0f} "
          f"passages/s over {len(passages)} passages ({chars:,} chars); {len(cat.actors)} actors, "
          f"{len(cat.alias_to_id)} aliases in one Aho-Corasick automaton")


def _timed(cat: ActorCatalog, passages: list[Passage]) -> float:
    t0 = time.perf_counter()
    annotate_actors(passages, cat)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
