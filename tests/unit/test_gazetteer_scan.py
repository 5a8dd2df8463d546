"""The gazetteer's Aho-Corasick scan finds exactly what one regex alternation of all spellings finds."""
from __future__ import annotations

import random
import re

from routes.places import Gazetteer, Place, PlaceMatch, default_gazetteer, fold

PLACES = [Place("bandar", "Bandar", None, (0.0, 0.0), ("Bandar",)),
          Place("bandar_abbas", "Bandar Abbas", None, (0.0, 0.0), ("Bandar Abbas", "Bandar-e Abbas")),
          Place("abbas", "Abbas", None, (0.0, 0.0), ("Abbas",)),  # inside "Bandar Abbas": never a second hit
          Place("kars", "Kars", None, (0.0, 0.0), ("Kars",)),
          Place("karsh", "Karshi", None, (0.0, 0.0), ("Karshi", "Qarshi")),
          Place("baku", "Baku", None, (0.0, 0.0), ("Baku", "Bakı"))]
WORDS = ["Bandar", "Abbas", "Bandar Abbas", "Bandar-e", "Kars", "Karshi", "Karsh", "Baku", "Bakı", "BAKU",
         "KARS", "to", "and", "_Kars", "Kars2", "–", "(", ")", "the", "Bakuvian", "Qarshi"]


def _regex_find(g: Gazetteer, text: str) -> list[PlaceMatch]:
    """The former matcher: leftmost, then longest, whole-word spellings (one regex, longest first)."""
    alts = sorted(g._by_spelling, key=len, reverse=True)
    rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alts) + r")(?!\w)")
    return [PlaceMatch(g._by_spelling[m.group(0)], m.start(), m.end(), text[m.start():m.end()])
            for m in rx.finditer(fold(text))]


def test_longest_spelling_at_a_position_wins() -> None:
    g = Gazetteer(PLACES)
    assert [m.place for m in g.find("From Bandar Abbas to Bandar and Kars")] == ["bandar_abbas", "bandar", "kars"]
    assert [m.place for m in g.find("Abbas, Bandar Abbas")] == ["abbas", "bandar_abbas"]  # no overlapping hit
    assert [m.text for m in g.find("Karshi, not Kars2 or _Kars; Bakı")] == ["Karshi", "Bakı"]


def test_same_matches_as_the_regex_on_random_texts() -> None:
    g = Gazetteer(PLACES)
    rng = random.Random(11)
    texts = [rng.choice(["", " "]).join(rng.choice(WORDS) + rng.choice([" ", "", "-", ", "])
                                         for _ in range(rng.randrange(1, 12))) for _ in range(3000)]
    assert sum(len(g.find(t)) for t in texts) > 3000
    for t in texts:
        assert g.find(t) == _regex_find(g, t), t


def test_bundled_gazetteer_same_as_the_regex() -> None:
    g = default_gazetteer()
    texts = ["The Baku–Tbilisi–Kars railway reaches Bandar Abbas via Nakhchivan.",
             "Between Poti and Batumi, Astara and Rasht; Aktau and Kuryk; Türkmenbaşy."]
    for t in texts:
        assert g.find(t) == _regex_find(g, t)


def test_node_points_without_frames_are_the_layers_nodes() -> None:
    """The gazetteer's node points (geo.layers.load_nodes, no geopandas) are those of the nodes frame."""
    from geo.layers import load_layers, load_nodes

    frame = load_layers().nodes
    want = {str(r.id): (r.geometry.x, r.geometry.y, str(r.name)) for r in frame.itertuples()}
    got = {str(p.get("id", "")): (g.x, g.y, str(p.get("name", ""))) for p, g in load_nodes()}
    assert got == want and len(got) > 10
