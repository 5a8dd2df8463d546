"""Actors: aliases, metonyms and parents, with no substring false hits."""
from __future__ import annotations

import pytest

from sources.actors import actors_in_text, annotate_actors, default_actors
from sources.models import Passage, Provenance


def ids(text: str) -> list[str]:
    return [m.actor_id for m in actors_in_text(text)]


@pytest.mark.parametrize("text", ["Thus the plan failed.", "The bus was late; status quo.", "Virus and campus."])
def test_us_is_not_found_inside_words(text):
    assert "usa" not in ids(text)


def test_us_forms_are_found():
    assert ids("The US and the U.S.-brokered deal; the United States; Washington.") == ["usa"] * 4


def test_iran_only_as_a_word_and_its_demonyms_and_capital():
    assert ids("Tirana and Iranistan and miranda") == ["albania"]  # Tirana is Albania's capital, not Iran
    assert ids("Iran, Iranian officials, Tehran’s view and Pezeshkian") == ["iran", "iran", "iran", "pezeshkian"]


def test_eu_is_the_union_not_europe():
    assert ids("the EU and the European Union and Brussels") == ["eu", "eu", "eu"]
    assert ids("Europe and European markets") == []


def test_offsets_point_at_the_words():
    text = "In April, Iranian President Masoud Pezeshkian visited Baku."
    for m in actors_in_text(text):
        assert text[m.start:m.end] == m.text


def test_names_inside_other_names_are_not_the_actor():
    assert "trump" not in ids("the Trump Route for International Peace and Prosperity")
    assert "trump" in ids("Trump offered a lease")


def test_parents_make_a_state_filter_find_its_leaders():
    cat = default_actors()
    assert cat.ancestors("pezeshkian") == ("pezeshkian", "iran")
    assert cat.ancestors("euma") == ("euma", "eu")
    p = Passage("a#p1", "a", 1, "lead", None, "The Kremlin and Pezeshkian spoke.", Provenance("f", 1, 0, 10))
    _, closure = annotate_actors([p])
    assert set(closure["a#p1"]) == {"russia", "pezeshkian", "iran"}


@pytest.mark.parametrize("name,expected", [("tehran", "iran"), ("IRAN", "iran"), ("the kremlin", None),
                                           ("Kremlin", "russia"),
                                           ("csto", "csto"), ("Pezeshkian", "pezeshkian"), ("European Union", "eu")])
def test_resolve_user_names(name, expected):
    cat = default_actors()
    if expected is None:
        with pytest.raises(KeyError):
            cat.resolve(name)
    else:
        assert cat.resolve(name) == expected
