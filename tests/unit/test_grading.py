"""Grading primary vs mention: agency datelines are no sentence, topic paragraphs that open with the route.

The texts are written for these tests (no phrase of the bundled corpus or of the labelled sets).
"""
from __future__ import annotations

import pytest

from routes.linking import links_by_passage, links_for_article
from routes.sentences import dateline_end, first_sentence, sentences
from sources.models import Passage, Provenance


def graded(*paras: str, headline: str | None = None, kinds: dict[int, str] | None = None) -> dict[str, dict]:
    kinds = kinds or {}
    ps = [Passage(f"x#p{i}", "x", i, kinds.get(i, "lead" if i == 1 else "body"), None, t,
                  Provenance("f", i, 0, len(t))) for i, t in enumerate(paras, start=1)]
    return dict(links_by_passage(links_for_article(ps, headline=headline)))


@pytest.mark.parametrize("dateline", [
    "ASTANA, Kazakhstan, June 18. ",
    "BAKU, Azerbaijan, December 12. ",
    "TEHRAN (IRNA) – ",
    "ANKARA (AA) - ",
    "MOSCOW, March 3. /TASS/. ",
    "NUR-SULTAN, 5 May 2021 (Kazinform) – ",
    "ST. PETERSBURG, Sept. 7. /TASS/. ",
    "NEW YORK, June 3, 2025 (Reuters) - ",
    "WASHINGTON — ",
    "TBILISI, Georgia. ",
    "Aktau, Feb 2 (Agency) ",
    "Tashkent/14.03.24/Agency: ",
    "Poti. 9 July. AGENCY.GE/ ",
    "March 30, Agency/news.az. ",
    "11 Oct. ",
    "KARAGANDA /Kazakhstan/, May 2. /TASS/. ",
    "AKTAU (Kazakhstan), May 2 – ",
    "TBILISI. NEWSWIRE – ",
    "AKTAU. NEWSWIRE ",
])
def test_dateline_shapes_are_skipped_and_the_text_kept(dateline):
    body = "Kazakhstan plans new ferries. Shipping grew."
    text = dateline + body
    assert dateline_end(text) == len(dateline)
    assert text[slice(*first_sentence(text))] == "Kazakhstan plans new ferries."
    assert len(sentences(text)) == 2


@pytest.mark.parametrize("text", [
    "NATO said on Monday that it would send observers. More.",
    "BTC pipeline volumes rose in May. More.",
    "SOCAR (Azerbaijan) President Ali Veliyev said the volumes grew. More.",
    "TANAP (the Anatolian line) – the largest section – opened. More.",
    "NATO – the alliance – met. More.",
    "INSTC: a route in the making. More.",
    "OSCE, EU and UN envoys met. More.",
    "Aktau is the largest port on the coast. More.",
    "Baku, Tbilisi and Kars are linked. More.",
    "Baku – Tbilisi – Kars trains run again. More.",
    "May 5, officials said, was the deadline. More.",
    "In June 18 states met. More.",
    "NATO. The alliance met.",
    "NATO. The Hague hosted the talks.",
    "SOCAR /Azerbaijan/ said the volumes grew. More.",
])
def test_a_sentence_that_starts_like_a_dateline_is_not_one(text):
    assert dateline_end(text) == 0
    assert len(sentences(text)) == 2


def test_abbreviations_do_not_end_a_sentence():
    text = "The U.S. and Dr. Smith met on Jan. 12 in Baku. Talks went on in the U.S. Ankara agreed."
    assert [text[a:b] for a, b in sentences(text)] == [
        "The U.S. and Dr. Smith met on Jan. 12 in Baku.", "Talks went on in the U.S.", "Ankara agreed."]


HEAD = "Kazakhstan and Azerbaijan expand the Middle Corridor"


def test_an_agency_lead_naming_the_topic_after_its_dateline_is_primary():
    got = graded("ASTANA, Kazakhstan, June 18. Cargo on the Middle Corridor rose by a third this year, "
                 "officials told reporters.",
                 "Ferries between Aktau and Baku carried most of it.",
                 "The Middle Corridor still needs new rail wagons, the ministry added.",
                 headline=HEAD)
    assert got["x#p1"] == {"middle_corridor": "primary"}
    assert got["x#p3"] == {"middle_corridor": "primary"}


@pytest.mark.parametrize("dateline", ["TEHRAN (IRNA) – ", "BAKU, Azerbaijan, December 12. ",
                                      "MOSCOW, March 3. /TASS/. "])
def test_the_dateline_is_no_sentence_of_a_short_lead(dateline):
    # three sentences after the dateline: with the dateline counted as one the lead would have four
    lead = (dateline + "Ministers agreed to speed up the Middle Corridor. Shipping lines welcomed it. "
            "Ports will hire more staff.")
    got = graded(lead, "The Middle Corridor ports grow.", headline=HEAD)
    assert got["x#p1"] == {"middle_corridor": "primary"}


def test_a_generic_reference_opening_a_paragraph_of_a_topic_article_is_primary():
    got = graded("The Middle Corridor links China with Europe across the Caspian.",
                 "The corridor now carries more containers, but tariffs are high. Rail links in Georgia are slow. "
                 "Customs checks take days. Investors wait. Much depends on Kazakhstan.",
                 headline=HEAD)
    assert got["x#p2"] == {"middle_corridor": "primary"}


def test_a_long_paragraph_naming_the_topic_once_in_passing_is_a_mention():
    got = graded("The Middle Corridor links China with Europe across the Caspian.",
                 "For Beijing, Azerbaijan is a gateway to Europe through the Middle Corridor and to the Gulf. "
                 "China also buys Azerbaijani oil. Its banks lend to Baku. Diplomats meet often. "
                 "Trade is still small.",
                 headline=HEAD)
    assert got["x#p2"] == {"middle_corridor": "mention"}


def test_a_topic_named_later_in_a_short_paragraph_is_a_mention():
    got = graded("The Middle Corridor links China with Europe across the Caspian.",
                 "Kazakhstan's wheat harvest was good this year. Some of it may travel on the Middle Corridor.",
                 headline=HEAD)
    assert got["x#p2"] == {"middle_corridor": "mention"}


def test_a_one_paragraph_article_is_no_topic_of_its_own_paragraph():
    got = graded("Officials discussed the Middle Corridor at a forum in Aktau.")
    assert got["x#p1"] == {"middle_corridor": "mention"}


def test_a_footnote_is_not_primary_by_its_opening():
    got = graded("The Middle Corridor links China with Europe across the Caspian.",
                 "Kazakhstan adds ferries to the Middle Corridor.",
                 "[3] Report on the Middle Corridor, 2024.",
                 headline=HEAD, kinds={3: "footnote"})
    assert got["x#p2"] == {"middle_corridor": "primary"}
    assert got["x#p3"] == {"middle_corridor": "mention"}


def test_the_grading_setting_is_validated_with_its_line(tmp_path):
    from routes.linking import RULES_PATH, check_rules
    text = RULES_PATH.read_text(encoding="utf-8")
    bad = tmp_path / "rules.toml"
    bad.write_text(text.replace("opening_max_sentences = 3", 'opening_max_sentences = "three"', 1), encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("opening_max_sentences"))
    problems = check_rules(bad)
    assert any(f"{bad}:{line}:" in p and "opening_max_sentences must be a number" in p for p in problems), problems


def test_the_transportation_corridor_in_a_topic_article_is_the_topic():
    got = graded("Turkey and Azerbaijan push the Zangezur corridor.",
                 "Officials said the transportation corridor would open by 2030.",
                 headline="Turkey and Azerbaijan push the Zangezur corridor")
    assert got["x#p2"] == {"tripp": "primary"}
