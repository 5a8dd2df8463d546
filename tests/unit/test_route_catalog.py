"""Tests for routes.catalog and routes.models.Route."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from routes.catalog import load_catalog
from routes.models import Route


def test_catalog_order_and_fields() -> None:
    cat = load_catalog()
    assert list(cat)[:5] == ["tripp", "middle_corridor", "instc", "btk", "sgc"]
    assert {"btc", "lachin", "meghri_julfa", "anaklia"} <= set(cat)
    for rid, r in cat.items():
        assert isinstance(r, Route) and r.id == rid
        assert r.kind in ("corridor", "related")
        assert r.colour.startswith("#") and len(r.colour) == 7
        assert r.aliases and all(isinstance(a, str) for a in r.aliases)
        assert r.description and r.name
    assert len({r.colour for r in cat.values()}) == len(cat)


def test_key_aliases() -> None:
    cat = load_catalog()
    assert {"TRIPP", "Trump Route", "Zangezur corridor"} <= set(cat["tripp"].aliases)
    assert {"Middle Corridor", "TITR"} <= set(cat["middle_corridor"].aliases)
    assert "INSTC" in cat["instc"].aliases and "BTK" in cat["btk"].aliases
    assert {"TANAP", "TAP", "South Caucasus Pipeline"} <= set(cat["sgc"].aliases)


def test_route_is_frozen() -> None:
    r = load_catalog()["btk"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.name = "x"  # type: ignore[misc]


def test_bad_catalog_names_file(tmp_path: Path) -> None:
    bad = tmp_path / "c.toml"
    bad.write_text('[x]\nname = "X"\nkind = "corridor"\ncolour = "red"\ndescription = "d"\n')
    with pytest.raises(ValueError, match=r"c\.toml:1: route x: colour"):
        load_catalog(bad)
    bad.write_text("[x\n")
    with pytest.raises(ValueError, match=r"c\.toml"):
        load_catalog(bad)
