"""BibTeX and RIS of cited articles: parse with real parsers, one entry per article, specials escaped."""
from __future__ import annotations

import bibtexparser
import pytest
import rispy

from corridors.references import articles_to_bibtex, articles_to_ris, articles_to_string, unique_articles
from sources.models import Article


def _art(aid="smith-2025-ports", title="Ports & Rails: 50% of the {Caspian} trade_flow #1", **kw):
    base = dict(id=aid, title=title, authors=("Jane Smith", "Ali Aliyev"), publisher="The Analyst", date="2025-06-05",
                date_precision="day", date_note=None, url="https://example.org/a?b=1&c=2", sources=())
    return Article(**{**base, **kw})


ESTIMATED = _art("anon-2025-x", title="[Untitled analysis of the Lachin corridor]", authors=(), publisher=None,
                 date="2025-03", date_precision="estimated", date_note="latest dated event is March 2025", url=None)


def test_bibtex_parses_and_keeps_the_fields():
    text = articles_to_bibtex([_art(), _art(), ESTIMATED])
    db = bibtexparser.loads(text)
    assert [e["ID"] for e in db.entries] == ["smith-2025-ports", "anon-2025-x"]  # duplicates merged
    e = db.entries[0]
    assert e["ENTRYTYPE"] == "article" and e["author"] == "Jane Smith and Ali Aliyev"
    assert e["year"] == "2025" and e["journal"] == "The Analyst" and e["date"] == "2025-06-05"
    for special in (r"\&", r"\%", r"\{Caspian\}", r"\_", r"\#"):
        assert special in e["title"]
    est = db.entries[1]
    assert est["ENTRYTYPE"] == "misc" and "estimated" in est["note"] and "March 2025" in est["note"]
    assert "[Untitled analysis" in est["title"]


def test_bibtex_keys_are_unique_and_ascii():
    db = bibtexparser.loads(articles_to_bibtex([_art("çay-2025"), _art("cay-2025")]))
    assert [e["ID"] for e in db.entries] == ["cay-2025", "cay-2025-2"]


def test_ris_parses_with_rispy():
    recs = rispy.loads(articles_to_ris([_art(), ESTIMATED, _art()]))
    assert len(recs) == 2
    assert recs[0]["type_of_reference"] == "JOUR" and recs[0]["authors"] == ["Jane Smith", "Ali Aliyev"]
    assert recs[0]["title"].startswith("Ports & Rails") and recs[0]["year"] == "2025"
    assert recs[0]["urls"] == ["https://example.org/a?b=1&c=2"]
    assert recs[1]["type_of_reference"] == "GEN" and "estimated" in recs[1]["notes"][0]


def test_string_dispatch_and_empty_input():
    assert articles_to_string([], "bibtex") == "" and articles_to_string([], "ris") == ""
    with pytest.raises(LookupError):
        articles_to_string([_art()], "endnote")
    assert [a.id for a in unique_articles([_art("a"), _art("b"), _art("a")])] == ["a", "b"]
