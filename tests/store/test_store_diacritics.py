"""Text search folds diacritics alike on both backends: FTS5's ``unicode61 remove_diacritics 2`` on SQLite,
the ``folded`` column (made with that tokenizer's own map) on PostgreSQL. A query with or without accents finds the same
passages on both; what FTS5 does not fold (dotless ı, ə, ø, ß) is not folded on PostgreSQL either."""
from __future__ import annotations

import psycopg
import pytest

from corridors.build import build_index
from corridors.query import Filters, matching_ids
from corridors.store import open_store, postgres
from corridors.store.postgres import build_corpus, open_postgres

PARAGRAPHS = [
    "Trucks from Iğdır reach the Nakhçıvan border post at Sadarak within the hour.",
    "Officials in Igdir and Nakhcivan spoke of a new customs yard near the border.",
    "The road through Şərur and Ağrı carries fuel tankers to Naxçıvan city.",
    "A ferry schedule published in Łódź and Straße names mention São Tomé traders.",
    "Rail freight via Kars continues; no accents in this paragraph at all.",
]
QUERIES = ["Igdir", "Iğdır", "Igdır", "IĞDIR", "Nakhcıvan", "Nakhcivan", "Nakhçıvan", "Naxcıvan", "Serur", "Şərur",
           "sərur", "Agrı", "agri", "Lodz", "Łodz", "Strasse", "Straße", "Sao Tome", '"Sao Tomé"', "Nakh*", "iğd*",
           '"Iğdır reach"', "Kars"]


@pytest.fixture(scope="module")
def backends(pg_server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("accents") / "corpus"
    folder.mkdir()
    body = "\n\n".join(PARAGRAPHS)
    (folder / "border.md").write_text(f"---\ntitle: Border posts\nauthor: Ann Analyst\ndate: 2025-10-02\n"
                                      f"publisher: Example Review\n---\n\n{body}\n", encoding="utf-8")
    db = folder.parent / "x.sqlite"
    build_index((folder,), db)
    url = pg_server.new_database("accents")
    build_corpus(url, (folder,))
    lite, pg = open_store(db), open_postgres(url)
    yield lite, pg, url
    lite.close()
    pg.close()


def _paragraph(store, ids: list[str]) -> list[int]:
    return [PARAGRAPHS.index(p.text) for p in store.passages(ids)]


@pytest.mark.parametrize("q", QUERIES)
def test_a_query_with_or_without_accents_finds_the_same_passages(backends, q):
    lite, pg, _ = backends
    assert matching_ids(lite, Filters(q=q)) == matching_ids(pg, Filters(q=q))


def test_diacritics_are_folded_and_dotless_i_is_not(backends):
    lite, pg, _ = backends
    for store in (lite, pg):
        assert _paragraph(store, matching_ids(store, Filters(q="Nakhcıvan"))) == [0]  # ç folded, ı kept
        assert _paragraph(store, matching_ids(store, Filters(q="Igdır"))) == [0]
        assert _paragraph(store, matching_ids(store, Filters(q="Igdir"))) == [1]  # ı is a letter, not i + accent
        assert _paragraph(store, matching_ids(store, Filters(q="Lodz"))) == []  # ł is a letter of its own
        assert _paragraph(store, matching_ids(store, Filters(q="Sao Tome"))) == [3]
        assert _paragraph(store, matching_ids(store, Filters(q="Şerur"))) == []  # ə is a letter of its own


def test_an_index_of_schema_1_is_migrated_to_folded_search(backends):
    lite, _, url = backends
    with psycopg.connect(url) as con:  # back to schema 1's text columns: no folding
        con.execute("ALTER TABLE passages DROP COLUMN tsv")
        con.execute("ALTER TABLE passages DROP COLUMN routes, DROP COLUMN primary_routes")  # schema 4's
        con.execute("ALTER TABLE passages DROP COLUMN words")  # schema 3's (drops its index passages_words)
        con.execute("ALTER TABLE passages DROP COLUMN folded")
        con.execute("ALTER TABLE passages ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
                    "(to_tsvector('english', text)) STORED")
        con.execute("CREATE INDEX passages_words ON passages USING gin (to_tsvector('simple', text))")
        con.execute("ALTER TABLE passage_actors DROP COLUMN seq")
        con.execute("UPDATE corridors_meta SET value = '1' WHERE key = 'schema_version'")
    before, after = postgres.init(url)
    assert (before.state, before.version, after.state, after.version) == ("stale", 1, "ok",
                                                                          postgres.PG_SCHEMA_VERSION)
    pg = open_postgres(url)
    try:
        assert _paragraph(pg, matching_ids(pg, Filters(q="Nakhcıvan"))) == [0]
        ids = matching_ids(pg, Filters())
        assert pg.passage_actors(ids) == lite.passage_actors(ids)  # the order of a passage's actors kept
    finally:
        pg.close()
