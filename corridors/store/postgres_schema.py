"""The PostgreSQL index's tables (DDL of schema version :data:`corridors.store.postgres.PG_SCHEMA_VERSION`).

Text compared for order or ranges (ids, ISO dates, strengths) uses the "C" collation, so results are ordered
as SQLite orders them whatever the server's locale.
"""
from __future__ import annotations

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
                       tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED);
CREATE INDEX passages_order ON passages (pub_end DESC NULLS LAST, corpus, art_ord, n);
CREATE INDEX passages_article ON passages (article_id, n);
CREATE INDEX passages_tsv ON passages USING gin (tsv);
CREATE INDEX passages_words ON passages USING gin (to_tsvector('simple', text));
CREATE TABLE line_fates (corpus text COLLATE "C" NOT NULL REFERENCES corpora(key) ON DELETE CASCADE,
                         file text NOT NULL, line integer NOT NULL, fate text NOT NULL, reason text NOT NULL,
                         article_id text, PRIMARY KEY (corpus, file, line));
CREATE TABLE links (passage_id text COLLATE "C" NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
                    route_id text COLLATE "C" NOT NULL, strength text COLLATE "C" NOT NULL, origin text NOT NULL,
                    evidence jsonb NOT NULL, reason text, PRIMARY KEY (passage_id, route_id));
CREATE INDEX links_route ON links (route_id, strength, passage_id);
CREATE TABLE actor_mentions (passage_id text COLLATE "C" NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
                             seq integer NOT NULL, actor_id text COLLATE "C" NOT NULL, text text NOT NULL,
                             start integer NOT NULL, "end" integer NOT NULL, PRIMARY KEY (passage_id, seq));
CREATE INDEX actor_mentions_actor ON actor_mentions (actor_id, passage_id);
CREATE TABLE passage_actors (passage_id text COLLATE "C" NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
                             actor_id text COLLATE "C" NOT NULL, PRIMARY KEY (actor_id, passage_id));
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
