"""Every UN member and observer state is found by its name, demonym and capital; look-alikes are not states."""
from __future__ import annotations

import tomllib

import pytest

from corridors.query import mention_json
from sources.actor_roles import found_officials
from sources.actors import STATES_PATH, actors_in_text, annotate_actors, default_actors, load_actors
from sources.models import Passage, Provenance

STATES = tomllib.loads(STATES_PATH.read_text(encoding="utf-8"))["state"]
UN = [s for s in STATES if s["un"] in ("member", "observer")]
# States whose only demonym is shared with a larger neighbour (the table gives it to that one).
NO_OWN_DEMONYM = {"dominica", "congo", "holy_see"}


def tops(text: str) -> set[str]:
    cat = default_actors()
    return {cat.top(m.actor_id) for m in actors_in_text(text, cat, {})}


def passage(pid: str, text: str) -> Passage:
    return Passage(pid, pid.split("#")[0], 1, "body", None, text, Provenance("f", 1, 0, len(text)))


def test_the_table_has_every_un_member_and_the_observers():
    assert sum(s["un"] == "member" for s in STATES) == 193
    assert {s["id"] for s in STATES if s["un"] == "observer"} == {"holy_see", "palestine"}
    assert {"soviet_union", "ottoman_empire"} <= {s["id"] for s in STATES if s["un"] == "historical"}


@pytest.mark.parametrize("state", UN, ids=lambda s: s["id"])
def test_each_state_by_name(state):
    assert tops(f"Officials said {state['name']} signed the agreement on Tuesday.") == {state["id"]}


@pytest.mark.parametrize("state", [s for s in UN if s["id"] not in NO_OWN_DEMONYM], ids=lambda s: s["id"])
def test_each_state_by_demonym(state):
    assert state["demonyms"], f"{state['name']} has no demonym in {STATES_PATH.name}"
    assert tops(f"The {state['demonyms'][0]} government objected to the plan.") == {state["id"]}


def test_only_the_listed_states_lack_a_demonym_of_their_own():
    assert {s["id"] for s in UN if not s["demonyms"]} == NO_OWN_DEMONYM


@pytest.mark.parametrize("state", [s for s in UN if s["capitals"]], ids=lambda s: s["id"])
def test_each_state_by_capital(state):
    for capital in state["capitals"]:
        assert tops(f"Yesterday {capital} announced new tariffs on steel.") == {state["id"]}, capital


@pytest.mark.parametrize("state", [s for s in UN if s["capitals_not_matched"]], ids=lambda s: s["id"])
def test_a_capital_that_is_also_another_place_is_not_the_state(state):
    for entry in state["capitals_not_matched"]:
        capital = entry.split(":")[0]
        assert state["id"] not in tops(f"Yesterday {capital} announced new tariffs on steel."), entry


@pytest.mark.parametrize("text", [
    "Tankers crossed the South China Sea and the Gulf of Mexico.",
    "Tabriz, the capital of East Azerbaijan Province, and West Azerbaijan.",
    "Latin American and South American exporters; New Mexico; the Indian Ocean; the Armenian Highlands.",
    "The West and Europe watched; European markets fell.",
    "The Baku–Tbilisi–Kars railway and the Baku-Tbilisi-Ceyhan pipeline.",
    "Freight moves from Baku to Tbilisi by rail.",
    "The talks were held in Abu Dhabi and in Moscow.",
    "A Soviet-era railway and the post-Soviet space.",
    "The Washington Post and the Moscow Times reported from the Astana International Forum.",
    "A Baku-based think tank put the cost at US$5 billion, a case of Dutch disease.",
    "The Helsinki Commission cited the Minsk agreements and the Astana format.",
    "Turkish firms and Italian journalists visited the construction site.",
    "Freight reached the Port of Baku, then Tbilisi station and the Astana airport.",
])
def test_look_alikes_are_not_states(text):
    assert tops(text) == set()


def test_a_state_named_in_a_route_is_still_the_state():
    assert tops("The Azerbaijan–Georgia–Turkey railway opened.") == {"azerbaijan", "georgia", "turkey"}


def test_a_capital_acting_is_its_state():
    assert tops("Tehran warned and Moscow's response came fast; Beijing agreed.") == {"iran", "russia", "china"}
    assert tops("The Iranian port of Bandar Abbas and the Kazakh port of Aktau.") == {"iran", "kazakhstan"}


def test_historical_states_are_their_own_actors():
    assert tops("The Soviet Union collapsed in 1991.") == {"soviet_union"}
    assert tops("The Ottoman Empire ruled Kars.") == {"ottoman_empire"}


@pytest.mark.parametrize("text", [
    "The company moved its offices to Atlanta, Georgia.",
    "Voters in the state of Georgia backed the senator.",
    "Governor Brian Kemp said Georgia would attract the battery plant near Savannah.",
])
def test_georgia_the_us_state_is_not_the_country(text):
    assert "georgia" not in tops(text)


@pytest.mark.parametrize("text", [
    "Georgia and Armenia signed a transit deal.",
    "Georgia's parliament met in Tbilisi while Atlanta hosted a trade fair.",
])
def test_georgia_the_country_in_context(text):
    assert "georgia" in tops(text)


def test_another_person_with_a_catalogued_surname_is_not_that_person():
    ids = [m.actor_id for m in actors_in_text("Yusif Aliyev, the head of Azerbaijan Railways, said so.",
                                               default_actors(), {})]
    assert "aliyev" not in ids and ids.count("ady") == 2


def test_a_role_phrase_attributes_an_unknown_official():
    cat = default_actors()
    found = actors_in_text("Kazakh Transport Minister Nurlan Sauranbayev opened the line.", cat, {})
    assert [(m.actor_id, m.text) for m in found] == [("kazakhstan", "Kazakh"), ("kazakhstan", "Nurlan Sauranbayev")]
    after = actors_in_text("Zhanar Oskembayeva, the head of Kazakhstan Temir Zholy, agreed.", cat, {})
    assert ("ktz", "Zhanar Oskembayeva") in [(m.actor_id, m.text) for m in after]
    assert cat.top("ktz") == "kazakhstan"


def test_an_official_found_by_role_is_known_later_in_the_same_article_only():
    ps = [passage("a#p1", "Iran's Roads Minister Farzad Sadeghi visited the site."),
          passage("a#p2", "Sadeghi said the line would open in May. The minister was upbeat."),
          passage("b#p1", "Sadeghi said nothing. The minister was silent.")]
    mentions, closure = annotate_actors(ps)
    assert [(m.actor_id, m.text) for m in mentions["a#p2"]] == [("iran", "Sadeghi"), ("iran", "The minister")]
    assert "b#p1" not in closure
    assert found_officials(ps) == {("Farzad Sadeghi", "iran"): 1}


def test_jsonl_mention_has_name_kind_and_parents_up_to_the_state():
    cat = default_actors()
    m = next(x for x in actors_in_text("The South Caucasus Railway runs Armenia's trains.", cat, {})
             if x.actor_id == "south_caucasus_railway")
    out = mention_json(m, cat)
    assert (out["name"], out["kind"]) == ("South Caucasus Railway", "company")
    assert [p["id"] for p in out["parents"]] == ["rzd", "russia"] and "official" not in out
    official = next(x for x in actors_in_text("Kazakh Transport Minister Nurlan Sauranbayev spoke.", cat, {})
                    if x.text == "Nurlan Sauranbayev")
    assert mention_json(official, cat)["official"] == "Nurlan Sauranbayev"


@pytest.mark.parametrize("name,expected", [("Turkey", "turkey"), ("Türkiye", "turkey"), ("SOCAR", "socar"),
                                           ("Azerbaijan Railways", "ady"), ("People’s Republic of China", "china"),
                                           ("World Bank", "world_bank"), ("Human Rights Watch", "hrw")])
def test_resolver_maps_label_names(name, expected):
    assert default_actors().resolve(name) == expected


def test_a_bad_state_table_is_reported_with_its_path(tmp_path):
    bad = tmp_path / "states.toml"
    bad.write_text("[[state]]\nid = 'x'\nnames = [\n", encoding="utf-8")
    cat, problems = load_actors(states_path=bad)
    assert any(str(bad) in str(p) and "cannot read" in str(p) for p in problems)
    assert "eu" in cat.actors  # the curated catalog still loads


def test_a_duplicate_state_is_reported_and_skipped(tmp_path):
    bad = tmp_path / "states.toml"
    bad.write_text('[[state]]\nid = "x"\nname = "X"\nun = "member"\nnames = ["Xland"]\n\n'
                   '[[state]]\nid = "x"\nname = "X2"\nun = "nation"\nnames = ["Yland"]\n', encoding="utf-8")
    cat, problems = load_actors(states_path=bad)
    assert [p for p in problems if "duplicate" in str(p)] and cat.actors["x"].name == "X"


def test_the_curated_catalog_decides_an_alias_it_shares_with_a_state(tmp_path):
    curated = tmp_path / "actors.toml"
    curated.write_text('[[actor]]\nid = "seat"\nname = "The Seat"\nkind = "organisation"\naliases = ["Vienna"]\n',
                       encoding="utf-8")
    cat, problems = load_actors(curated)
    assert not problems and [m.actor_id for m in actors_in_text("Vienna objected.", cat, {})] == ["seat"]
    assert [m.actor_id for m in actors_in_text("Vienna objected.", default_actors(), {})] == ["austria"]


def test_a_national_security_council_is_not_the_uns():
    assert tops("Armenia's Security Council met on Monday.") == {"armenia"}
    assert tops("The Security Council of the Russian Federation met.") == {"russia"}
    assert tops("The Security Council voted on the resolution.") == {"un"}


def test_combining_forms_only_before_a_hyphen():
    assert tops("Sino-Russian trade and Armeno-Azeri talks after the Russo-Georgian war.") == {
        "china", "russia", "armenia", "azerbaijan", "georgia"}
    assert tops("General Franco and the Russo family.") == set()


def test_an_apostrophe_inside_a_name_continues_it():
    assert tops("Trains left Xi'an on time.") == set()
    assert tops("Xi's visit to Astana's new station.") == {"china", "kazakhstan"}


def test_office_words_are_not_taken_for_an_officials_name():
    found = actors_in_text("Azerbaijan's Minister of Digital Development and Transport, Chairman of the "
                           "AZCON Supervisory Board, spoke.", default_actors(), {})
    assert {m.text for m in found} == {"Azerbaijan", "AZCON"}


def test_other_romanisations_of_a_catalogued_name():
    ids = [m.actor_id for m in actors_in_text("Pashinian met Ilham Aliev and Nikol Pashinian.", default_actors(), {})]
    assert ids == ["pashinyan", "aliyev", "pashinyan"]


def test_an_office_word_between_the_state_and_the_role():
    found = actors_in_text("Azerbaijani parliament speaker Sahiba Gafarova said so.", default_actors(), {})
    assert ("azerbaijan", "Sahiba Gafarova") in [(m.actor_id, m.text) for m in found]
