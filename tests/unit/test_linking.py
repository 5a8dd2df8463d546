"""Route linking: the hard cases of the corpus, overrides, and the regression set's quality aims."""
from __future__ import annotations

from routes.linking import apply_overrides, check_overrides, links_by_passage, links_for_article, load_overrides
from sources.models import Passage, Provenance


def article(*paras: str, aid: str = "a") -> list[Passage]:
    return [Passage(f"{aid}#p{i}", aid, i, "lead" if i == 1 else "body", None, t, Provenance("f", i, 0, len(t)))
            for i, t in enumerate(paras, start=1)]


def links(*paras: str) -> dict[str, dict[str, str]]:
    return dict(links_by_passage(links_for_article(article(*paras))))


def test_an_article_about_tripp_that_later_says_the_corridor():
    got = links(
        "The TRIPP, the Trump Route through Syunik, was agreed in Washington; "
        "the Zangezur corridor will link Azerbaijan.",
        "Iran fears the TRIPP. Russia too.",
        "Economically, the corridor undermines Iran's claim to be a transit hub, and the route's security is unclear.",
        "The weather in Baku was fine.",
    )
    assert got["a#p3"] == {"tripp": "primary"}
    assert "a#p4" not in got


def test_the_corridor_in_an_article_without_a_clear_topic_links_nothing():
    got = links("Armenia and Azerbaijan signed a deal.", "The corridor question is open.", "The Middle Corridor grows.")
    assert "a#p2" not in got


def test_baku_ceyhan_is_the_oil_pipeline_not_the_gas_corridor():
    got = links("The Clinton Administration helped develop the Baku-Ceyhan pipeline to bring Caspian oil to markets.")
    assert got["a#p1"] == {"btc": "mention"}
    got = links("Gas flows through the Southern Gas Corridor (TANAP and TAP) "
                "while oil uses the Baku–Tbilisi–Ceyhan line.")
    assert set(got["a#p1"]) == {"sgc", "btc"}


def test_port_of_baku_and_alat_are_middle_corridor_hubs_but_only_mentions():
    assert links("The Port of Alat has been upgraded with Chinese cranes.")["a#p1"] == {"middle_corridor": "mention"}
    assert links("Azerbaijan's Port of Baku serves as a hub.")["a#p1"] == {"middle_corridor": "mention"}


def test_north_south_means_instc_only_as_a_transport_corridor():
    assert links("Russia pushes the North–South Transport Corridor (INSTC) to India.")["a#p1"] == {"instc": "mention"}
    assert links("Russia pushes the North-South transport corridor through Azerbaijan.")["a#p1"] == {"instc": "mention"}
    assert "a#p1" not in links("Iran relies on the north–south road through Syunik to reach Armenia.")
    assert "a#p1" not in links("Armenia's north–south highway to Iran was blocked.")
    assert "a#p1" not in links("Azerbaijan sits at the intersection of East–West and North–South "
                               "transportation routes.")


def test_generic_transit_routes_link_nothing():
    assert links("Regional transit routes and connectivity could trigger new escalations.") == {}
    assert links("Pipelines and railways cross the region.") == {}


def test_lachin_corridor_is_not_tripp():
    got = links("In December 2022, Azerbaijan blockaded the Lachin corridor, connecting Armenia to Nagorno-Karabakh.")
    assert got["a#p1"] == {"lachin": "mention"}


def test_mainland_to_nakhchivan_describes_tripp():
    got = links("The plan would grant Azerbaijan direct access to its Nakhchivan exclave through southern Armenia.")
    assert set(got["a#p1"]) == {"tripp"}


def test_a_name_and_its_acronym_count_once():
    got = links("Moscow's capacity to use the Caspian as part of the "
                "International North–South Transport Corridor (INSTC) fell.")
    assert got["a#p1"] == {"instc": "mention"}


def test_two_references_make_a_primary_link():
    got = links("The Middle Corridor bypasses Russia. Kazakhstan and Azerbaijan invest in the Middle Corridor ports.")
    assert got["a#p1"] == {"middle_corridor": "primary"}


def test_overrides_add_remove_grade_and_are_checked(tmp_path):
    ps = article("The Middle Corridor bypasses Russia.", "TRIPP is proposed. TRIPP is contested.")
    f = tmp_path / "overrides.toml"
    f.write_text('[[override]]\npassage = "a#p1"\nroute = "middle_corridor"\naction = "grade"\n'
                 'strength = "primary"\nreason = "whole para"\n\n'
                 '[[override]]\npassage = "a#p2"\nroute = "tripp"\naction = "remove"\nreason = "test"\n\n'
                 '[[override]]\npassage = "a#p2"\nroute = "btk"\naction = "add"\nstrength = "mention"\n'
                 'reason = "implied"\n\n'
                 '[[override]]\npassage = "zz#p9"\nroute = "nowhere"\naction = "add"\nstrength = "mention"\n'
                 'reason = "bad"\n')
    overrides, problems = load_overrides(f)
    # an override naming an unknown route is left out at load (never stored in the index) and reported
    assert [str(p) for p in problems] == [
        f"{f}:22: override points at route 'nowhere', which is not in the route catalog"]
    assert [o.route for o in overrides] == ["middle_corridor", "tripp", "btk"]
    got = apply_overrides(links_for_article(ps), overrides)
    by = {(lk.passage_id, lk.route_id): lk for lk in got}
    assert (by[("a#p1", "middle_corridor")].strength == "primary"
            and by[("a#p1", "middle_corridor")].origin == "override")
    assert ("a#p2", "tripp") not in by
    assert by[("a#p2", "btk")].origin == "override" and by[("a#p2", "btk")].reason == "implied"
    found = check_overrides(ps, f)
    assert any("zz#p9" in p and "does not exist" in p for p in found)
    assert any("nowhere" in p and "route catalog" in p for p in found)
    assert all(str(f) in p for p in found)


def test_malformed_override_is_reported(tmp_path):
    f = tmp_path / "o.toml"
    f.write_text('[[override]]\npassage = "a#p1"\nroute = "tripp"\naction = "promote"\nreason = "x"\n')
    _, problems = load_overrides(f)
    assert problems and "o.toml:2" in str(problems[0])


def test_regression_set_meets_the_quality_aims():
    from bench.linking_quality import evaluate

    res = evaluate()
    assert res["passages"] >= 60 and not res["missing_ids"]
    p, r, f1 = res["micro"]
    assert f1 >= 0.90
    assert res["primary"]["strict"] / res["primary"]["n"] >= 0.95
    assert res["false_links"] == 0
    assert res["actors"][2] >= 0.95
