"""Incremental builds (#15): adding, editing and deleting article files in place gives the index a full
rebuild gives — passages, links with strength, actors, dates, ranks — compared through the store's reads."""
from __future__ import annotations

import shutil
from pathlib import Path

from corridors.build import build_index
from corridors.store import Conditions, open_store

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "sources" / "corpus"
TUNE = ROOT / "tests" / "data" / "tuneset" / "files"


def snapshot(db: Path) -> dict:
    """Everything a reader can see, through the store interface."""
    s = open_store(db)
    try:
        ps = s.passages()
        ids = [p.id for p in ps]
        report = {k: v for k, v in s.report.items()}
        return {"articles": s.articles(), "passages": ps, "ranked": s.matching_ids(Conditions()),
                "links": s.links(ids), "mentions": s.actor_mentions(ids), "actors": s.passage_actors(ids),
                "dates": s.dated_mentions(ids), "counts": s.counts(), "report": report,
                "layers": [s.text_layer(f) for f in sorted({p.source.file for p in ps})],
                "hashes": s.file_hashes(), "record": {k: s.meta.get(k) for k in ("content_hash", "file_digests")},
                "search": s.matching_ids(Conditions(match='"corridor"'))}
    finally:
        s.close()


def test_add_edit_delete_in_place_equals_a_full_rebuild(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    db = tmp_path / "inc.sqlite"
    build_index((corpus,), db)
    inode = db.stat().st_ino
    files = sorted(corpus.iterdir())
    shutil.copy(TUNE / "azernews-tap-sgc.txt", corpus / "new-article.txt")  # add
    shutil.copy(files[1], corpus / "zz-duplicate-copy.txt")  # a duplicate across files
    text = files[2].read_text(encoding="utf-8")
    files[2].write_text(text.replace("the", "THE", 3), encoding="utf-8")  # edit
    files[3].unlink()  # delete
    build_index((corpus,), db, incremental=True)
    assert db.stat().st_ino == inode  # updated in place, not rebuilt
    full = tmp_path / "full.sqlite"
    build_index((corpus,), full)
    a, b = snapshot(db), snapshot(full)
    for key in a:
        if key == "report":
            continue
        assert a[key] == b[key], key
    assert a["report"] == b["report"]
    assert a["counts"]["articles"] > 0 and any(a["links"].values())


def test_unchanged_corpus_annotates_nothing(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    db = tmp_path / "i.sqlite"
    build_index((corpus,), db)
    import corridors.incremental as inc
    seen = []
    real = inc.update

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        seen.append(out)
        return out

    monkeypatch.setattr(inc, "update", spy)
    (corpus / "added.txt").write_bytes((TUNE / "azernews-tap-sgc.txt").read_bytes())
    build_index((corpus,), db, incremental=True)
    assert seen and seen[0].changed == (str(corpus / "added.txt"),) and not seen[0].removed
    build_index((corpus,), db, incremental=True)
    assert seen[1].changed == () and seen[1].passages == 0
