"""Per-file writes on PostgreSQL (Store.replace_files): the bundled corpus written in two batches of files,
then one batch written again, reads exactly as the SQLite index of the whole corpus."""
from __future__ import annotations

from corridors.build import annotate
from corridors.query import Filters, matching_ids, search_passages
from corridors.store import Annotations, FileBatch, open_store


def _batch(report, ann, files: set[str], articles=None) -> FileBatch:
    """The rows of ``files``: the shape a per-file build hands the store."""
    passages = tuple(p for p in report.passages if p.source.file in files)
    ids = {p.id for p in passages}
    part = Annotations({k: v for k, v in ann.actor_mentions.items() if k in ids},
                       {k: v for k, v in ann.passage_actors.items() if k in ids},
                       {k: v for k, v in ann.dated_mentions.items() if k in ids},
                       tuple(lk for lk in ann.links if lk.passage_id in ids))
    return FileBatch(tuple(sorted(files)), passages, tuple(f for f in report.fates if f.file in files),
                     tuple(t for t in report.layers if t.file in files), part,
                     tuple(report.articles if articles is None else articles), report.files,
                     {"corpus_dirs": "[]", "content_hash": "test"})


def test_batches_of_files_read_as_the_whole_corpus(pg_server, bundled_report, bundled_index):
    url = pg_server.new_database("files")
    ann = annotate(bundled_report)
    files = sorted({p.source.file for p in bundled_report.passages})
    store = open_store(url, corpus="team", writable=True)
    try:
        for part in (set(files[:2]), set(files[2:]), set(files[:2])):
            store.replace_files(_batch(bundled_report, ann, part))
        assert store.counts()["passages"] == len(bundled_report.passages)
        assert not store.is_current()  # written since it was opened
        fresh = open_store(url, corpus="team")
        for f in (Filters(), Filters(routes=("tripp",)), Filters(actors=("iran",)), Filters(q="rail*")):
            x, y = search_passages(bundled_index, f), search_passages(fresh, f)
            assert [(h.id, h.passage, h.routes, h.actors, h.dates) for h in x] == \
                   [(h.id, h.passage, h.routes, h.actors, h.dates) for h in y]
        kept = [a for a in bundled_report.articles if any(s.file != files[-1] for s in a.sources if s.canonical)]
        store.replace_files(_batch(bundled_report, ann, set(), kept), removed=[files[-1]])
        left = [i for i in matching_ids(bundled_index, Filters())
                if bundled_index.passages([i])[0].source.file != files[-1]]
        assert matching_ids(open_store(url, corpus="team"), Filters()) == left
    finally:
        store.close()
