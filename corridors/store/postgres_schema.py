"""The PostgreSQL index's tables (DDL of schema version :data:`corridors.store.postgres.PG_SCHEMA_VERSION`).

Text compared for order or ranges (ids, ISO dates, strengths) uses the "C" collation, so results are ordered
as SQLite orders them whatever the server's locale. Full-text search folds diacritics as SQLite's FTS5
tokenizer does (``unicode61 remove_diacritics 2``): a passage's ``folded`` column holds its text with every
character that tokenizer maps to another letter so mapped (``ç`` → ``c``, ``ğ`` → ``g``, ``İ`` → ``i``; but
``ı``, ``ə``, ``ø`` and ``ß`` stay themselves, as in FTS5; NULL when nothing changes), the map read from
SQLite's own tokenizer (:func:`fold_map`); the search columns are derived from it and a query is folded
alike (:func:`fold`). Both search columns are stored: ``tsv`` (English, stemmed) and ``words`` (``simple``:
the words as they are, GIN-indexed, which decide a match as FTS5 does); a phrase (``<->``) is always
rechecked on the row (GIN keeps no positions), and a stored ``words`` makes that a read instead of tokenizing
the text again. PostgreSQL's ``unaccent`` is not used: its rules fold more (``ı`` → ``i``, ``ø`` → ``o``,
``ß`` → ``ss``), so the two backends would find different passages, and its rules file can only be changed
on the server's disk. (Folding in SQL with ``translate`` made writing 100k passages minutes slower.)
"""
from __future__ import annotations

import functools
import sqlite3


@functools.lru_cache(maxsize=1)
def fold_map() -> dict[str, str]:
    """Character -> the letter SQLite's FTS5 ``unicode61 remove_diacritics 2`` tokenizer makes of it, for the
    characters where that is not just their lower case (diacritics removed, a few special folds)."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
        con.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
        chars = [c for r in _FOLD_RANGES for c in map(chr, range(*r)) if c.isalnum()]
        con.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)", [(ord(c), c) for c in chars])
        return {chr(doc): term for doc, term in con.execute("SELECT doc, term FROM v")
                if len(term) == 1 and term != chr(doc).lower()}
    finally:
        con.close()


#: Where FTS5 folds letters: Latin-1 to Latin Extended Additional, Greek/Cyrillic, Latin Extended-C/D/E,
#: the presentation and full-width forms.
_FOLD_RANGES = ((0x80, 0x2000), (0x2C00, 0x2E00), (0xA640, 0xA800), (0xAB30, 0xAB70), (0xFB00, 0xFB50),
                (0xFF00, 0xFFF0))


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    return str.maketrans(fold_map())


def fold(text: str) -> str:
    """``text`` with its letters folded as FTS5 folds them (see the module docstring)."""
    return text if text.isascii() else text.translate(_table())


def folded(text: str) -> str | None:
    """The ``folded`` column of a passage: :func:`fold` of its text, or None when that changes nothing."""
    out = fold(text)
    return None if out == text else out


def migrate_1(con) -> None:
    """Schema 1 -> 2 in the caller's transaction: the ``folded`` column (filled here) and the search columns
    derived from it; ``passage_actors.seq`` (a passage's actors in the annotator's order, as SQLite keeps them)."""
    con.execute(MIGRATE_1)
    rows = con.execute("SELECT id, text FROM passages WHERE text ~ '[^\\x01-\\x7f]'").fetchall()
    with con.cursor() as cur:
        cur.executemany("UPDATE passages SET folded = %s WHERE id = %s",
                        [(f, pid) for pid, text in rows if (f := folded(text)) is not None])


#: Schema 1 -> 2 (:func:`migrate_1`).
MIGRATE_1 = """
ALTER TABLE passage_actors ADD COLUMN seq integer;
UPDATE passage_actors x SET seq = o.k FROM (SELECT ctid AS c, row_number() OVER (PARTITION BY passage_id ORDER BY ctid)
                                          AS k FROM passage_actors) o WHERE x.ctid = o.c;
ALTER TABLE passage_actors ALTER COLUMN seq SET NOT NULL;
ALTER TABLE passages DROP COLUMN tsv;
DROP INDEX IF EXISTS passages_words;
ALTER TABLE passages ADD COLUMN folded text;
ALTER TABLE passages ADD COLUMN tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('english', coalesce(folded, text))) STORED;
CREATE INDEX passages_tsv ON passages USING gin (tsv);
CREATE INDEX passages_words ON passages USING gin (to_tsvector('simple', coalesce(folded, text)));
"""

#: Schema 2 -> 3: the ``simple`` search vector stored (``words``) and indexed as a column, not an expression
#: (it finds the matches; the English ``tsv`` is tested on the rows found, so its index goes);
#: the order index covers what a filter reads of a passage (its id, publication range: an index-only scan);
#: the primary links indexed apart; the search vectors kept in the row (``STORAGE MAIN``: the text, read
#: only for the hits shown, goes out of line first), so rechecking a phrase reads no TOAST.
MIGRATE_2 = """
ALTER TABLE passages ADD COLUMN words tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', coalesce(folded, text))) STORED,
    ALTER COLUMN words SET STORAGE MAIN, ALTER COLUMN tsv SET STORAGE MAIN;
DROP INDEX IF EXISTS passages_words;
CREATE INDEX passages_words ON passages USING gin (words);
DROP INDEX IF EXISTS passages_tsv;
DROP INDEX IF EXISTS passages_order;
CREATE INDEX passages_order ON passages (pub_end DESC NULLS LAST, corpus, art_ord, n) INCLUDE (id, pub_start);
CREATE INDEX IF NOT EXISTS links_primary ON links (passage_id) WHERE strength = 'primary';
"""

#: Schema 3 -> 4: each passage row holds the routes it is linked to (``routes``) and the ones linked as
#: primary (``primary_routes``), sorted, copies of its ``links`` rows: the layer badges under a text or
#: publication-date filter are counted on the passages found, not by one ``links`` lookup per passage. Kept
#: in the row (``STORAGE MAIN``, as the search vectors): moved out of line with the text, each count read TOAST.
MIGRATE_3 = """
ALTER TABLE passages ADD COLUMN routes text[] COLLATE "C" NOT NULL DEFAULT '{}',
    ADD COLUMN primary_routes text[] COLLATE "C" NOT NULL DEFAULT '{}',
    ALTER COLUMN routes SET STORAGE MAIN, ALTER COLUMN primary_routes SET STORAGE MAIN;
UPDATE passages p SET routes = l.routes, primary_routes = l.primary_routes
FROM (SELECT passage_id, array_agg(route_id ORDER BY route_id) AS routes,
             coalesce(array_agg(route_id ORDER BY route_id) FILTER (WHERE strength = 'primary'), '{}') AS primary_routes
      FROM links GROUP BY passage_id) l
WHERE l.passage_id = p.id;
"""

#: The index tables (beside corridors_meta and the geography); the same concepts as the SQLite index, each
#: row keyed by the corpus it was built from (a corpus = a set of folders, by real paths), so builders of
#: different corpora write side by side and a builder replaces only its own corpus's rows.
DATA_SCHEMA = """
CREATE TABLE corpora (key text COLLATE "C" PRIMARY KEY, dirs text NOT NULL, content_hash text NOT NULL,
                      record jsonb NOT NULL, report jsonb NOT NULL, built_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE files (corpus text COLLATE "C" NOT NULL REFERENCES corpora(key) ON DELETE CASCADE, path text NOT NULL,
                    status text, encoding text, sha256 text, bytes bigint, lines integer, articles integer,
                    reason text, PRIMARY KEY (corpus, path));
CREATE TABLE articles (id text COLLATE "C" PRIMARY KEY,
                       corpus text COLLATE "C" NOT NULL REFERENCES corpora(key) ON DELETE CASCADE,
                       title text, authors jsonb NOT NULL, publisher text, date text, date_precision text,
                       date_note text, date_start text COLLATE "C", date_end text COLLATE "C", url text,
                       flags jsonb NOT NULL, ord integer NOT NULL);
CREATE INDEX articles_corpus ON articles (corpus, ord);
CREATE TABLE article_sources (article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                              corpus text COLLATE "C" NOT NULL, seq integer NOT NULL, file text NOT NULL,
                              first_line integer, last_line integer, canonical boolean NOT NULL,
                              PRIMARY KEY (article_id, corpus, seq));
CREATE INDEX article_sources_corpus ON article_sources (corpus);
CREATE TABLE passages (id text COLLATE "C" PRIMARY KEY,
                       article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                       corpus text COLLATE "C" NOT NULL, art_ord integer NOT NULL, n integer NOT NULL,
                       kind text NOT NULL, section text, text text NOT NULL, file text NOT NULL, line integer NOT NULL,
                       start integer NOT NULL, "end" integer NOT NULL, pub_start text COLLATE "C",
                       pub_end text COLLATE "C", page integer, layer_sha256 text, seq bigint NOT NULL,
                       folded text, routes text[] COLLATE "C" NOT NULL DEFAULT '{}',
                       primary_routes text[] COLLATE "C" NOT NULL DEFAULT '{}',
                       tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(folded, text))) STORED,
                       words tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(folded, text))) STORED);
ALTER TABLE passages ALTER COLUMN tsv SET STORAGE MAIN, ALTER COLUMN words SET STORAGE MAIN,
    ALTER COLUMN routes SET STORAGE MAIN, ALTER COLUMN primary_routes SET STORAGE MAIN;
CREATE INDEX passages_order ON passages (pub_end DESC NULLS LAST, corpus, art_ord, n) INCLUDE (id, pub_start);
CREATE INDEX passages_article ON passages (article_id, n);
CREATE INDEX passages_words ON passages USING gin (words);
CREATE TABLE line_fates (corpus text COLLATE "C" NOT NULL REFERENCES corpora(key) ON DELETE CASCADE,
                         file text NOT NULL, line integer NOT NULL, fate text NOT NULL, reason text NOT NULL,
                         article_id text, PRIMARY KEY (corpus, file, line));
CREATE TABLE links (passage_id text COLLATE "C" NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
                    route_id text COLLATE "C" NOT NULL, strength text COLLATE "C" NOT NULL, origin text NOT NULL,
                    evidence jsonb NOT NULL, reason text, PRIMARY KEY (passage_id, route_id));
CREATE INDEX links_route ON links (route_id, strength, passage_id);
CREATE INDEX links_primary ON links (passage_id) WHERE strength = 'primary';
CREATE TABLE actor_mentions (passage_id text COLLATE "C" NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
                             seq integer NOT NULL, actor_id text COLLATE "C" NOT NULL, text text NOT NULL,
                             start integer NOT NULL, "end" integer NOT NULL, PRIMARY KEY (passage_id, seq));
CREATE INDEX actor_mentions_actor ON actor_mentions (actor_id, passage_id);
CREATE TABLE passage_actors (passage_id text COLLATE "C" NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
                             actor_id text COLLATE "C" NOT NULL, seq integer NOT NULL,
                             PRIMARY KEY (actor_id, passage_id));
CREATE INDEX passage_actors_passage ON passage_actors (passage_id);
CREATE TABLE dated_mentions (passage_id text COLLATE "C" NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
                             seq integer NOT NULL, date text NOT NULL, precision text NOT NULL,
                             date_start text COLLATE "C" NOT NULL, date_end text COLLATE "C" NOT NULL,
                             text text NOT NULL, start integer NOT NULL, "end" integer NOT NULL, resolved text,
                             PRIMARY KEY (passage_id, seq));
CREATE INDEX dated_mentions_range ON dated_mentions (date_start, date_end);
CREATE TABLE text_layers (corpus text COLLATE "C" NOT NULL REFERENCES corpora(key) ON DELETE CASCADE,
                          file text NOT NULL, format text NOT NULL, sha256 text NOT NULL, text text NOT NULL,
                          pages jsonb NOT NULL, PRIMARY KEY (corpus, file));
"""
