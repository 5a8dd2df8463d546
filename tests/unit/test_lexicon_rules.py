"""Each rule kind of the linker on small hand-made examples (not corpus phrases), and the lexicon validator."""
from __future__ import annotations

import pytest

from routes.lexicon import check_lexicon, find_terms, fold, load_lexicon
from routes.linking import links_for_article
from sources.models import Passage, Provenance


def article(*paras: str, aid: str = "x") -> list[Passage]:
    return [Passage(f"{aid}#p{i}", aid, i, "lead" if i == 1 else "body", None, t, Provenance("f", i, 0, len(t)))
            for i, t in enumerate(paras, start=1)]


def linked(*paras: str, headline: str | None = None) -> dict[str, dict[str, tuple[str, ...]]]:
    """``{passage: {route: kinds of its evidence}}``."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for lk in links_for_article(article(*paras), headline=headline):
        out.setdefault(lk.passage_id, {})[lk.route_id] = tuple(sorted({e[3] for e in lk.evidence}))
    return out


@pytest.mark.parametrize("text, route, kind", [
    ("Officials praised the Trans Caspian International Transport Route on Monday.", "middle_corridor", "alias"),
    ("Work on the Zəngəzur dəhlizi resumed.", "tripp", "alias"),
    ('Russia joined the "North-South" corridor agreement.', "instc", "alias"),  # quotes inside a name
    ("Kazakh cargo on the TITR doubled.", "middle_corridor", "alias"),
    ("Gas reached Italy through TAP last winter.", "sgc", "component"),
    ("The Trans-Anatolian Natural Gas Pipeline was expanded.", "sgc", "component"),
    ("Shah Deniz output rose by a tenth.", "sgc", "component"),
    ("Moscow lent money for the Resht-Astara line.", "instc", "component"),
    ("The Akhalkalaki–Kars section was upgraded.", "btk", "component"),
    ("Two new vessels joined the Kuryk–Alat ferry.", "middle_corridor", "component"),
    ("TAP AG booked new capacity.", "sgc", "operator"),
])
def test_names_components_and_operators(text, route, kind):
    got = linked(text)["x#p1"]
    assert set(got) == {route} and kind in got[route]


@pytest.mark.parametrize("text, route", [
    ("A new railway will run Kars – Iğdır – Dilucu.", "tripp"),           # dash chain, Turkish spelling
    ("Freight now moves from Aqtau to Bakı in two days.", "middle_corridor"),  # from … to, local spellings
    ("Trains will run between Rasht and Astara by 2028.", "instc"),       # between … and
    ("Surveys began for a line linking the Iranian cities of Rasht and Astara.", "instc"),  # linking … and
    ("A road connecting Goris with the town of Stepanakert reopened.", "lachin"),  # "the town of"
    ("The Nahçıvan–Kars railway is being built.", "tripp"),                # the A–B railway
    ("The Tbilisi–Tsalka–Kars line opened.", "btk"),             # chain beats the Middle Corridor
])
def test_waypoint_chains(text, route):
    got = linked(text)["x#p1"]
    assert set(got) == {route} and "waypoints" in got[route]


def test_states_count_only_in_long_chains_of_one_route():
    assert "middle_corridor" in linked("Containers travel China–Kazakhstan–Azerbaijan–Georgia–Turkey.")["x#p1"]
    assert "instc" in linked("They back the Russia–Azerbaijan–Iran corridor.")["x#p1"]
    assert "x#p1" not in linked("The Azerbaijan–Georgia–Turkey trilateral met in Kars.")
    assert "x#p1" not in linked("The Armenia–Iran–India format met again.")


def test_chain_noun_must_fit_the_mode():
    # Sangachal and Kipoi are both on the gas pipelines' layer, but a "railway" is not a pipeline
    assert "x#p1" not in linked("The Sangachal–Kipoi railway is a fantasy.")
    assert "waypoints" in linked("The Sangachal–Kipoi pipeline is full.")["x#p1"]["sgc"]


@pytest.mark.parametrize("text", [
    "Relations between Baku and Tehran soured over the corridor.",   # capitals stand for governments
    "Baku, Tbilisi and Ankara signed a declaration.",                # lists are not chains
    "Baku–Tbilisi relations improved.",                              # two places, no transport word
])
def test_not_chains(text):
    assert "x#p1" not in linked(text)


def test_fuzzy_spelling_next_to_a_known_waypoint():
    got = linked("The Kars–Igdyrr railway will take five years.")  # misspelt Iğdır, next to Kars
    assert "tripp" in got["x#p1"]


@pytest.mark.parametrize("text, not_route", [
    ("The Trans-Caspian Gas Pipeline would carry Turkmen gas.", "sgc"),
    ("The Trans-Caspian Gas Pipeline would carry Turkmen gas.", "middle_corridor"),
    ("Azerbaijan opened the Aras corridor to Nakhchivan through Iran.", "tripp"),
    ("Residents returned to the Lachin district.", "lachin"),
    ("TurkStream and Blue Stream carry Russian gas.", "sgc"),
])
def test_lookalikes_never_link(text, not_route):
    assert not_route not in linked(text).get("x#p1", {})


def test_headline_topic_carries_generic_references_that_fit_the_mode():
    got = linked("Officials met on Monday.", "The railway will open next year.", "The pipeline leaked.",
                 headline="Akhalkalaki–Kars works: BTK to reopen")
    assert got["x#p2"] == {"btk": ("context",)}
    assert "x#p3" not in got  # a railway article's "pipeline" is not the railway


def test_generic_reference_after_a_lookalike_is_not_the_topic():
    got = linked("The Southern Gas Corridor grows; TANAP will be expanded.",
                 "The Trans-Caspian Gas Pipeline is older. The pipeline was never built.",
                 "The pipeline would carry Turkmen gas.",  # the look-alike was named last: ambiguous
                 "TANAP is full.", "The pipeline now carries more gas.")
    assert "sgc" not in got.get("x#p2", {})
    assert "x#p3" not in got
    assert got["x#p5"] == {"sgc": ("context",)}


def test_lookalike_in_the_same_sentence_takes_generic_references_and_descriptions():
    got = linked("The Zangezur corridor through Armenia stalled.",
                 "The road will connect Azerbaijan to Nakhchivan via Iran.",
                 "A railway from Horadiz to Julfa via Iran is planned.",
                 "The corridor will open next year.")
    assert "x#p2" not in got and "x#p3" not in got
    assert "x#p4" not in got  # the look-alike was named after the route: "the corridor" is ambiguous


def test_nearest_fitting_route_wins_a_generic_reference():
    got = linked("The Middle Corridor needs rail: the Baku–Tbilisi–Kars railway carries it.",
                 "The Middle Corridor is growing, and the railway is its weak point.")
    assert got["x#p2"].get("middle_corridor") == ("alias",)
    assert "btk" not in got["x#p2"]  # the BTK is not named in p2; MC's nouns do not include railway


def test_weak_chain_counts_only_in_an_article_about_the_route():
    works = "Track works continue in Marabda–Tetritskaro."
    assert "x#p2" not in linked("Georgia held elections.", works)
    got = linked("The Baku–Tbilisi–Kars railway is nearly ready.", works, "BTK trains will run soon.")
    assert got["x#p2"] == {"btk": ("waypoints",)}


def test_shared_port_yields_to_another_named_route():
    assert linked("Cargo from the Port of Aktau grows.")["x#p1"] == {"middle_corridor": ("component",)}
    got = linked("Russia may drop the Port of Baku from the INSTC.")
    assert set(got["x#p1"]) == {"instc"}


def test_evidence_spans_slice_back_to_their_text():
    text = "Gas from Shah Deniz flows through the SCP, TANAP and TAP: the Southern Gas Corridor."
    for lk in links_for_article(article(text)):
        for s, e, words, kind in lk.evidence:
            assert text[s:e] == words and kind in ("alias", "component", "context")


def test_fold_maps_offsets_back():
    text = "Baku  –  Tbilisi\n–\tKars and Nahçıvan"
    f = fold(text)
    assert f.text == "baku tbilisi kars and nahcivan"
    i = f.text.index("kars")
    assert text[f.orig(i):f.orig(i) + 4] == "Kars"
    hits = find_terms(text, load_lexicon())
    assert any(text[h.start:h.end] == "Nahçıvan" and h.term.ref == "nakhchivan" for h in hits)


def test_bundled_lexicon_is_valid():
    assert check_lexicon() == []


def test_lexicon_problems_name_file_and_line(tmp_path):
    from routes.lexicon import LEXICON_PATH
    text = LEXICON_PATH.read_text(encoding="utf-8")
    cases = [
        (text.replace('id = "sgc/tanap"', 'id = "tanap"'), "component id 'tanap'"),
        (text.replace('mode = "rail"', 'mode = "hovercraft"', 1), "mode 'hovercraft'"),
        (text.replace('"Zangazur corridor",', '"Zangazur corridor", "Middle Corridor",'), "given to both"),
        (text.replace('waypoints = ["syunik",', 'waypoints = ["atlantis", "syunik",'), "waypoint 'atlantis'"),
        (text.replace('is = "other gas and oil pipelines of the region"', 'is = ""'), "needs `is`"),
        (text + "\n[broken\n", "does not parse"),
    ]
    for i, (content, needle) in enumerate(cases):
        f = tmp_path / f"lexicon{i}.toml"
        f.write_text(content, encoding="utf-8")
        problems = check_lexicon(f)
        assert any(needle in p and str(f) in p for p in problems), (needle, problems)


def test_the_only_route_an_article_names_is_its_topic_once_named():
    got = linked("The railway was inspected.", "Moscow will lend money for the Rasht–Astara railway.",
                 "The railway will take four years.")
    assert "x#p1" not in got  # before the article names a route, "the railway" is nobody's
    assert got["x#p3"] == {"instc": ("context",)}


def test_descriptions_of_the_lachin_road():
    got = linked("Azerbaijan closed the only road connecting the enclave with Armenia.")
    assert set(got["x#p1"]) == {"lachin"}
    got = linked("Azerbaijan closed the sole road linking Armenia to Nagorno-Karabakh.")
    assert set(got["x#p1"]) == {"lachin"}
    assert "x#p1" not in linked("The only road linking Armenia to Iran runs through Syunik.")


def test_description_of_a_route_sharing_ground_with_the_topic_goes_to_the_topic():
    got = linked("Armenia may restore the Soviet railway through Meghri.",
                 "Azerbaijan would get a railway connection to Nakhchivan through Armenia.",
                 headline="Meghri–Julfa railway talks resume")
    assert "tripp" not in got.get("x#p2", {})


@pytest.mark.parametrize("text", ["Investors tap into new markets.", "The sgc is not a name here.",
                                  "Scp files were copied."])
def test_acronyms_are_case_sensitive(text):
    assert "x#p1" not in linked(text)


def test_rules_problems_name_file_and_line(tmp_path):
    from routes.linking import RULES_PATH, check_rules
    assert check_rules() == []
    text = RULES_PATH.read_text(encoding="utf-8")
    cases = [(text.replace('route = "btc"', 'route = "nowhere"', 1), "'nowhere'"),
             (text.replace('needs = ["ceyhan"]', 'needs = ["Ceyhan"]', 1), "lower-case"),
             (text.replace("Baku[-–—\\s]+(?:Tbilisi", "Baku[-–—\\s+(?:Tbilisi", 1), "does not compile")]
    for i, (content, needle) in enumerate(cases):
        f = tmp_path / f"rules{i}.toml"
        f.write_text(content, encoding="utf-8")
        problems = check_rules(f)
        assert any(needle in p and str(f) in p for p in problems), (needle, problems)



def test_lone_waypoint_counts_only_in_an_article_about_the_route_and_by_its_mode():
    lone = "Works at the Kartsakhi station are finished."
    assert "x#p2" not in linked("Georgia held elections.", lone)
    got = linked("The Baku–Tbilisi–Kars railway is nearly ready.", lone, "BTK trains will run soon.")
    assert got["x#p2"] == {"btk": ("waypoints",)}
    # a road sentence is no evidence for a railway
    got = linked("The Rasht–Astara railway is funded by Russia.", "A new road around Rasht opened.",
                 "The INSTC will carry more cargo.")
    assert "x#p2" not in got


def test_freight_from_russia_through_azerbaijan_to_iran_is_the_instc():
    got = linked("Freight sent by rail from Russia will travel through Azerbaijan to Iran.")
    assert got["x#p1"] == {"instc": ("description",)}
    assert "x#p1" not in linked("Freight prices in Russia and Iran rose.")


def test_route_through_armenia_counts_only_in_an_article_about_tripp():
    para = "Trucks would use the route through Armenia."
    assert "x#p1" not in linked(para)
    got = linked("The Zangezur corridor was agreed.", para, "TRIPP talks go on.")
    assert got["x#p2"] == {"tripp": ("description",)}
