"""Linking quality against the hand-labelled regression set (tests/data/gold_labels.toml).

Prints per-route precision/recall/F1 of route links (any strength), micro averages, the precision of
`primary` links, false links (a route linked to a passage whose label never refers to it), and the same
figures for actors. Run: python bench/linking_quality.py [--show-errors]
"""
from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from routes.linking import links_by_passage, links_for_corpus  # noqa: E402
from sources.actors import annotate_actors  # noqa: E402
from sources.ingest import corpus_files, ingest_files  # noqa: E402

GOLD = Path(__import__("os").environ.get("CORRIDORS_GOLD", ROOT / "tests" / "data" / "gold_labels.toml"))


def load_gold(path: Path = GOLD) -> dict[str, dict]:
    """``{passage_id: {"routes": {route: strength}, "actors": set}}``."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {p["id"]: {"routes": dict(p.get("routes", {})), "actors": set(p.get("actors", []))} for p in data["passage"]}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(show_errors: bool = False) -> dict:
    """Compute the figures; return them as a dict (the test suite asserts the aims on it)."""
    gold = load_gold()
    rep = ingest_files(corpus_files())
    passages = [p for p in rep.passages if p.id in gold]
    missing = sorted(set(gold) - {p.id for p in rep.passages})
    predicted = links_by_passage(links_for_corpus(rep.passages, rep.articles))
    mentions, _ = annotate_actors(passages)
    counts: dict[str, Counter] = {}
    prim = Counter()
    errors: list[str] = []
    for p in passages:
        g, pr = gold[p.id]["routes"], predicted.get(p.id, {})
        for route in set(g) | set(pr):
            c = counts.setdefault(route, Counter())
            if route in g and route in pr:
                c["tp"] += 1
            elif route in pr:
                c["fp"] += 1
                errors.append(f"FALSE  {p.id} {route}:{pr[route]}  | {p.text[:110]}")
            else:
                c["fn"] += 1
                errors.append(f"MISSED {p.id} {route}:{g[route]}  | {p.text[:110]}")
            if pr.get(route) == "primary":
                prim["n"] += 1
                prim["strict"] += g.get(route) == "primary"
                prim["any"] += route in g
            if route in g and route in pr and g[route] != pr[route]:
                errors.append(f"GRADE  {p.id} {route}: gold {g[route]} got {pr[route]}")
    actor_c = Counter()
    for p in passages:
        got = {m.actor_id for m in mentions.get(p.id, ())}
        want = gold[p.id]["actors"]
        actor_c["tp"] += len(got & want)
        actor_c["fp"] += len(got - want)
        actor_c["fn"] += len(want - got)
        if show_errors and got != want:
            errors.append(f"ACTORS {p.id} extra={sorted(got - want)} missing={sorted(want - got)}")
    total = sum(counts.values(), Counter())
    return {"passages": len(passages), "missing_ids": missing, "routes": counts, "micro": prf(total["tp"], total["fp"], total["fn"]),
            "false_links": total["fp"], "primary": prim, "actors": prf(actor_c["tp"], actor_c["fp"], actor_c["fn"]),
            "errors": errors}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    res = evaluate(args.show_errors)
    print(f"labelled passages evaluated: {res['passages']}" + (f" (ids not found: {res['missing_ids']})" if res["missing_ids"] else ""))
    print(f"{'route':<16}{'tp':>4}{'fp':>4}{'fn':>4}{'precision':>11}{'recall':>8}{'F1':>7}")
    for route, c in sorted(res["routes"].items()):
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        print(f"{route:<16}{c['tp']:>4}{c['fp']:>4}{c['fn']:>4}{p:>11.3f}{r:>8.3f}{f:>7.3f}")
    p, r, f = res["micro"]
    print(f"{'micro':<16}{'':>12}{p:>11.3f}{r:>8.3f}{f:>7.3f}")
    pr = res["primary"]
    if pr["n"]:
        print(f"primary links: {pr['n']}; precision {pr['strict'] / pr['n']:.3f} (gold primary), "
              f"{pr['any'] / pr['n']:.3f} (gold any link)")
    print(f"false links (route linked to a passage that never refers to it): {res['false_links']}")
    p, r, f = res["actors"]
    print(f"actors: precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    if args.show_errors:
        print("\n".join(res["errors"]))


if __name__ == "__main__":
    main()
