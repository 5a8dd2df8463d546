"""One suite, both backends: every filter kind finds, on SQLite and on PostgreSQL, exactly the passages a
plain-Python reading of the bundled corpus's ingest report and annotations finds, in the same order; and the
two backends return identical hits (passages, links with strength and evidence, actors, dates, citations),
counts per route and per actor, relevance order and "other passages"."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

import pytest

from corridors.build import annotate
from corridors.query import (
    Filters,
    actor_counts,
    lazy_hits,
    matching_ids,
    officials_found,
    other_ids,
    relevance_order,
    resolve_actors,
    route_counts,
    search_passages,
)
from sources.index import date_range
from sources.index import mention_range as _mention_range

FILTERS = {
    "all": Filters(),
    "route": Filters(routes=("tripp",)),
    "routes": Filters(routes=("middle_corridor", "instc")),
    "route-primary": Filters(routes=("middle_corridor",), primary_only=True),
    "primary-only": Filters(primary_only=True),
    "actor": Filters(actors=("Tehran",)),
    "actors-any": Filters(actors=("iran", "china")),
    "all-actors": Filters(actors=("iran", "russia"), all_actors=True),
    "published": Filters(date_from="2025-06", date_to="2025-09"),
    "published-from": Filters(date_from="2025-10-01"),
    "event-dates": Filters(date_from="2025", date_to="2025-08-31", event_dates=True),
    "actor-event-dates": Filters(actors=("iran",), date_from="2025-06", event_dates=True, primary_only=True),
    "text-word": Filters(q="railway"),
    "text-words": Filters(q="Iran gas"),
    "text-prefix": Filters(q="rail*"),
    "text-phrase": Filters(q='"Middle Corridor"'),
    "text-phrase-word": Filters(q='"Middle Corridor" Kazakhstan'),
    "text-stopword": Filters(q="the"),
    "text-plural": Filters(q="corridors"),
    "combined": Filters(routes=("tripp",), actors=("armenia",), date_from="2025-01", q="road"),
    "text-primary": Filters(q="railway", primary_only=True),
    "published-primary": Filters(date_from="2025-06", primary_only=True),
}


@pytest.fixture(scope="module")
def corpus(bundled_report):
    """The bundled corpus in memory: report, annotations and each passage's order key."""
    ann = annotate(bundled_report)
    pub = {a.id: date_range(a.date) for a in bundled_report.articles}
    ordinal = {a.id: i for i, a in enumerate(bundled_report.articles)}
    key = {p.id: ((0, [-ord(c) for c in pub[p.article_id][1]]) if pub[p.article_id][1] else (1, []),
                  ordinal[p.article_id], p.n) for p in bundled_report.passages}
    return bundled_report, ann, pub, key


def _words(text: str) -> list[str]:
    """Words as SQLite's unicode61 tokenizer sees them: runs of letters and digits, folded, no diacritics."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", plain)


def _text_matches(q: str, text: str) -> bool:
    words = _words(text)
    for m in re.finditer(r'"([^"]+)"|(\S+)', q):
        if m.group(1):
            phrase = _words(m.group(1))
            if phrase and not any(words[i:i + len(phrase)] == phrase for i in range(len(words))):
                return False
            continue
        prefix = m.group(2).endswith("*")
        for w in _words(m.group(2)):
            if not any(t.startswith(w) if prefix else t == w for t in words):
                return False
    return True


def expected_ids(corpus, f: Filters) -> list[str]:
    """The oracle: the filters applied to the in-memory corpus, newest article first, then paragraph order."""
    report, ann, pub, key = corpus
    actor_ids = resolve_actors(f.actors)
    lo, hi = date_range(f.date_from)[0] or "0000-01-01", date_range(f.date_to)[1] or "9999-12-31"
    links: dict[str, list] = {}
    for lk in ann.links:
        links.setdefault(lk.passage_id, []).append(lk)
    out = []
    for p in report.passages:
        mine = [lk for lk in links.get(p.id, []) if not f.routes or lk.route_id in f.routes]
        if f.primary_only:
            mine = [lk for lk in mine if lk.strength == "primary"]
        if (f.routes or f.primary_only) and not mine:
            continue
        closure = set(ann.passage_actors.get(p.id, ()))
        if actor_ids and not (closure >= set(actor_ids) if f.all_actors else closure & set(actor_ids)):
            continue
        if f.date_from or f.date_to:
            if f.event_dates:
                spans = [_mention_range(d) for d in ann.dated_mentions.get(p.id, ())]
            else:
                spans = [pub[p.article_id]] if pub[p.article_id][0] else []
            if not any(e >= lo and s <= hi for s, e in spans):
                continue
        if f.q and not _text_matches(f.q, p.text):
            continue
        out.append(p.id)
    return sorted(out, key=key.__getitem__)


@pytest.mark.parametrize("name", FILTERS)
def test_every_filter_finds_what_the_corpus_says(store, corpus, name):
    f = FILTERS[name]
    want = expected_ids(corpus, f)
    assert matching_ids(store, f) == want
    assert matching_ids(store, f, limit=5) == want[:5]
    assert want, f"{name}: the oracle finds nothing, the test would prove little"


@pytest.mark.parametrize("name", FILTERS)
def test_route_counts_follow_the_filters(store, corpus, name):
    f = FILTERS[name]
    _, ann, _, _ = corpus
    ids = set(expected_ids(corpus, replace(f, routes=(), primary_only=False)))
    want: dict[str, int] = {}
    for lk in ann.links:
        if lk.passage_id in ids and (lk.strength == "primary" or not f.primary_only):
            want[lk.route_id] = want.get(lk.route_id, 0) + 1
    assert route_counts(store, f) == want


def test_actor_counts_are_the_closure(store, corpus):
    _, ann, _, _ = corpus
    want: dict[str, int] = {}
    for actors in ann.passage_actors.values():
        for a in set(actors):
            want[a] = want.get(a, 0) + 1
    got = actor_counts(store)
    assert got == want
    assert list(got.values()) == sorted(got.values(), reverse=True)


@pytest.fixture(scope="module")
def both(request):
    """The two backends side by side (for the identical-results tests)."""
    return request.getfixturevalue("bundled_index"), request.getfixturevalue("pg_bundled")


@pytest.mark.parametrize("name", FILTERS)
def test_both_backends_give_identical_hits(both, name):
    lite, pg = both
    a, b = search_passages(lite, FILTERS[name]), search_passages(pg, FILTERS[name])
    assert [h.id for h in a] == [h.id for h in b]
    for x, y in zip(a, b):
        assert x.passage == y.passage and x.article == y.article
        assert x.routes == y.routes  # strength, origin, evidence (offsets, words, kind), reason
        assert (x.actors, x.actor_ids, x.dates) == (y.actors, y.actor_ids, y.dates)
        assert (x.citation, x.source_file, x.to_json()) == (y.citation, y.source_file, y.to_json())


@pytest.mark.parametrize("routes", [("tripp",), ("middle_corridor", "btk"), ("sgc",)])
def test_both_backends_rank_by_relevance_alike(both, routes):
    lite, pg = both
    f = Filters(routes=routes)
    ids = matching_ids(lite, f)
    assert relevance_order(lite, ids, routes) == relevance_order(pg, ids, routes)
    assert [h.id for h in lazy_hits(lite, f, order="relevance")] == [h.id for h in lazy_hits(pg, f, order="relevance")]
    assert other_ids(lite, Filters(actors=("iran",)), routes) == other_ids(pg, Filters(actors=("iran",)), routes)


def test_both_backends_hold_the_same_nouns(both):
    lite, pg = both
    assert lite.articles() == pg.articles()
    assert lite.passages() == pg.passages()
    first = lite.articles()[0]
    assert lite.passages(article_id=first.id) == pg.passages(article_id=first.id)
    assert officials_found(lite) == officials_found(pg)
    rep_l, rep_p = lite.report, pg.report
    for k in ("files", "articles", "passages", "duplicate_copies", "duplicates", "lines", "lines_by_reason",
              "flagged_articles", "problems"):
        assert rep_l[k] == rep_p[k], k
