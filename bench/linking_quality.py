"""Linking quality: per-route precision/recall/F1 on the bundled gold and on the labelled dev sets.

* bundled: ``tests/data/gold_labels.toml`` against the ingested bundled corpus (also the precision of
  ``primary`` links, false links, and actor figures);
* the labelled sets ``tests/data/tuneset`` (tuned on), ``devset``, ``checkset`` and ``datelineset`` (held out:
  measured, never tuned on; a set whose folder is absent is skipped) (format: DEVSET_SPEC.md), two ways:
  - **labels**: Passage objects built from the labelled paragraph text (article = labelled article, order
    kept, title as headline), so linking is measured independent of ingestion;
  - **ingested**: the set's files ingested as a user would, predicted passages matched to labelled
    paragraphs by whitespace-normalised text; labelled paragraphs ingestion did not produce are counted.

A link counts whatever its strength for P/R/F1; the *grading* figures compare strengths on the links both
sides have: grade agreement, and precision / recall of ``primary`` against the labels' ``primary``.
Individual errors (``--show-errors``) are printed for the bundled gold and the tuning set only: the held-out
sets are measured, never inspected.
Run: python bench/linking_quality.py [--show-errors] [--devset DIR] [--tuneset DIR] [--checkset DIR]
[--datelineset DIR]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import tomllib
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from routes.linking import links_by_passage, links_for_article, links_for_corpus  # noqa: E402
from sources.actors import annotate_actors  # noqa: E402
from sources.ingest import corpus_files, ingest_files  # noqa: E402
from sources.models import Passage, Provenance  # noqa: E402

GOLD = Path(os.environ.get("CORRIDORS_GOLD", ROOT / "tests" / "data" / "gold_labels.toml"))
SETS = {name: ROOT / "tests" / "data" / name for name in ("tuneset", "devset", "checkset", "datelineset")}


def load_gold(path: Path = GOLD) -> dict[str, dict]:
    """``{passage_id: {"routes": {route: strength}, "actors": set}}``."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {p["id"]: {"routes": dict(p.get("routes", {})), "actors": set(p.get("actors", []))} for p in data["passage"]}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(pairs: list[tuple[str, str, dict, dict]]) -> dict:
    """Counts per route from ``(id, text, gold routes, predicted routes)``; errors as lines."""
    counts: dict[str, Counter] = {}
    prim = Counter()
    grades = Counter()
    errors: list[str] = []
    for pid, text, g, pr in pairs:
        for route in set(g) | set(pr):
            c = counts.setdefault(route, Counter())
            if route in g and route in pr:
                c["tp"] += 1
                grades["both"] += 1
                grades["agree"] += g[route] == pr[route]
                grades["gold_primary"] += g[route] == "primary"
                grades["found_primary"] += g[route] == pr[route] == "primary"
                if g[route] != pr[route]:
                    errors.append(f"GRADE  {pid} {route}: gold {g[route]} got {pr[route]}")
            elif route in pr:
                c["fp"] += 1
                errors.append(f"FALSE  {pid} {route}:{pr[route]}  | {text[:110]}")
            else:
                c["fn"] += 1
                errors.append(f"MISSED {pid} {route}:{g[route]}  | {text[:110]}")
            if pr.get(route) == "primary":
                prim["n"] += 1
                prim["strict"] += g.get(route) == "primary"
                prim["any"] += route in g
    total = sum(counts.values(), Counter())
    return {"passages": len(pairs), "routes": counts, "micro": prf(total["tp"], total["fp"], total["fn"]),
            "false_links": total["fp"], "primary": prim, "grades": grades,
            "errors": errors}


def evaluate(show_errors: bool = False) -> dict:
    """The bundled gold: route figures plus actors (kept as the regression test reads them)."""
    gold = load_gold()
    rep = ingest_files(corpus_files())
    passages = [p for p in rep.passages if p.id in gold]
    missing = sorted(set(gold) - {p.id for p in rep.passages})
    predicted = links_by_passage(links_for_corpus(rep.passages, rep.articles))
    res = score([(p.id, p.text, gold[p.id]["routes"], predicted.get(p.id, {})) for p in passages])
    mentions, _ = annotate_actors(passages)
    actor_c = Counter()
    for p in passages:
        got = {m.actor_id for m in mentions.get(p.id, ())}
        want = gold[p.id]["actors"]
        actor_c.update(tp=len(got & want), fp=len(got - want), fn=len(want - got))
        if show_errors and got != want:
            res["errors"].append(f"ACTORS {p.id} extra={sorted(got - want)} missing={sorted(want - got)}")
    res.update(missing_ids=missing, actors=prf(actor_c["tp"], actor_c["fp"], actor_c["fn"]))
    return res


def _norm(text: str) -> str:
    return " ".join(text.split())


def load_set(folder: Path) -> list[dict]:
    """The labelled articles of a dev set folder (``labels.toml``)."""
    return tomllib.loads((folder / "labels.toml").read_text(encoding="utf-8")).get("article", [])


def evaluate_labels(articles: list[dict]) -> dict:
    """Link the labelled paragraph texts directly (independent of ingestion)."""
    pairs = []
    for a in articles:
        paras = a.get("paragraph", [])
        ps = [Passage(f"{a['key']}#p{i}", a["key"], i, "lead" if i == 1 else "body", None, p["text"],
                      Provenance(a["key"], i, 0, len(p["text"])))
              for i, p in enumerate(paras, start=1)]
        got = links_by_passage(links_for_article(ps, headline=a.get("title") or None))
        pairs += [(p.id, p.text, dict(lab.get("routes", {})), got.get(p.id, {})) for p, lab in zip(ps, paras)]
    return score(pairs)


def evaluate_ingested(folder: Path, articles: list[dict]) -> dict:
    """Ingest the set's files and match predicted passages to labelled paragraphs by normalised text."""
    files = sorted({folder / f for a in articles for f in a.get("files", [])})
    files = [f for f in files if f.suffix.lower() in (".txt", ".md", ".html", ".htm", ".pdf")]
    try:
        rep = ingest_files(files)
    except Exception as exc:  # the ingestion of other formats is another helper's work: report, do not stop
        return {"error": f"ingestion failed: {exc}"}
    predicted = links_by_passage(links_for_corpus(rep.passages, rep.articles))
    by_text: dict[str, Passage] = {}
    for p in rep.passages:
        by_text.setdefault(_norm(p.text), p)
    pairs, unmatched = [], 0
    for a in articles:
        for _i, lab in enumerate(a.get("paragraph", []), start=1):
            p = by_text.get(_norm(lab["text"]))
            if p is None:
                unmatched += 1
                continue
            pairs.append((p.id, p.text, dict(lab.get("routes", {})), predicted.get(p.id, {})))
    res = score(pairs)
    res["unmatched"] = unmatched
    res["labelled"] = sum(len(a.get("paragraph", [])) for a in articles)
    return res


def speed() -> float:
    """Linking seconds per MB of text, on the bundled corpus repeated to about 1 MB (one core)."""
    rep = ingest_files(corpus_files())
    size = sum(len(p.text.encode("utf-8")) for p in rep.passages)
    copies = max(1, round(1_000_000 / size))
    passages = [replace(p, id=f"{p.article_id}-{k}#p{p.n}", article_id=f"{p.article_id}-{k}")
                for k in range(copies) for p in rep.passages]
    links_for_corpus(rep.passages[:5], rep.articles)  # warm the caches (lexicon load is not linking)
    t0 = time.process_time()
    links_for_corpus(passages, rep.articles)
    return (time.process_time() - t0) / (size * copies / 1_000_000)


def print_table(title: str, res: dict) -> None:
    print(f"\n== {title}: {res['passages']} passages")
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
    gr = res["grades"]
    if gr["both"]:
        rec = gr["found_primary"] / gr["gold_primary"] if gr["gold_primary"] else 1.0
        print(f"grading on the {gr['both']} links both sides have: agreement {gr['agree'] / gr['both']:.3f}; "
              f"gold primary graded primary {gr['found_primary']}/{gr['gold_primary']} ({rec:.3f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show-errors", action="store_true", help="print errors (bundled gold and tuning set only)")
    ap.add_argument("--devset", type=Path, default=SETS["devset"])
    ap.add_argument("--tuneset", type=Path, default=SETS["tuneset"])
    ap.add_argument("--checkset", type=Path, default=SETS["checkset"])
    ap.add_argument("--datelineset", type=Path, default=SETS["datelineset"])
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args()
    res = evaluate(args.show_errors)
    print_table("bundled gold (tests/data/gold_labels.toml)", res)
    if res["missing_ids"]:
        print(f"ids not found: {res['missing_ids']}")
    print(f"false links: {res['false_links']}; actors: P/R/F1 " + " ".join(f"{x:.3f}" for x in res["actors"]))
    if args.show_errors:
        print("\n".join(res["errors"]))
    for name in SETS:
        folder = getattr(args, name)
        if not (folder / "labels.toml").is_file():
            print(f"\n== {name}: {folder / 'labels.toml'} not found, skipped")
            continue
        articles = load_set(folder)
        lab = evaluate_labels(articles)
        print_table(f"{name} ({folder}), linking the labelled paragraph text, {len(articles)} articles", lab)
        ing = evaluate_ingested(folder, articles)
        if "error" in ing:
            print(f"-- {name} ingested: {ing['error']}")
        else:
            p, r, f = ing["micro"]
            print(f"-- {name} ingested: {ing['labelled'] - ing['unmatched']}/{ing['labelled']} labelled paragraphs "
                  f"matched ({ing['unmatched']} not produced by ingestion); micro P {p:.3f} R {r:.3f} F1 {f:.3f}")
        if args.show_errors and name == "tuneset":
            print("\n".join(lab["errors"]))
    if not args.no_speed:
        print(f"\nlinking speed: {speed():.3f} s per MB of passage text (one core, CPU time)")


if __name__ == "__main__":
    main()
