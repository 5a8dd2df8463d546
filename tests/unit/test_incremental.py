"""Incremental builds (#15): adding, editing, deleting and renaming article files in place, and a build served
from the per-file parse cache, give the index a full rebuild without a cache gives — passages, links with
strength, actors, dates, ranks, text layers, report counts — compared through the store's reads; and a cache
entry is never trusted once the file, the parser code or the rules changed."""
from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest

import sources.ingest as ingest
from corridors import parsecache
from corridors.build import build_index
from corridors.parsecache import ParseCache, parse_key
from corridors.store import Conditions, open_store
from sources._datadir import use_data_dir

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
                "dates": s.dated_mentions(ids), "places": s.place_mentions(ids), "counts": s.counts(),
                "report": report, "layers": [s.text_layer(f) for f in sorted({p.source.file for p in ps})],
                "hashes": s.file_hashes(), "record": {k: s.meta.get(k) for k in ("content_hash", "file_digests")},
                "search": s.matching_ids(Conditions(match='"corridor"')),
                "fates": [tuple(r) for r in s.rows("SELECT file, line, fate, reason, article_id FROM line_fates "
                                                     "ORDER BY file, line")],
                # SQLite stores each passage's rank (PostgreSQL orders at query time: "ranked" covers both)
                "ranks": [] if str(db).startswith("postgresql") else
                [tuple(r) for r in s.rows("SELECT id, rank FROM passages ORDER BY id")]}
    finally:
        s.close()


def full_rebuild(corpus: Path, db: Path, monkeypatch, tmp_path: Path) -> dict:
    """The reference: a full build of ``corpus`` with an empty parse cache of its own."""
    with monkeypatch.context() as m:
        m.setenv("CORRIDORS_CACHE_DIR", str(tmp_path / f"fresh-cache-{db.stem}"))
        build_index((corpus,), db)
    return snapshot(db)


def assert_same(a: dict, b: dict) -> None:
    for key in a:
        assert a[key] == b[key], key
    assert a["counts"]["articles"] > 0 and any(a["links"].values())


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A copy of the bundled corpus plus one HTML file (a text layer), with a parse cache of its own."""
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(tmp_path / "cache"))
    c = tmp_path / "corpus"
    shutil.copytree(CORPUS, c)
    shutil.copy(TUNE / "arka-meghri-railway.html", c / "arka-meghri-railway.html")
    return c


@pytest.fixture
def parses(monkeypatch):
    """The files actually read and parsed (not served from the cache), through the real parser."""
    seen: list[str] = []
    real = ingest._parse_file

    def spy(path):
        seen.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(ingest, "_parse_file", spy)
    return seen


def _add(c: Path) -> None:
    shutil.copy(TUNE / "azernews-tap-sgc.txt", c / "new-article.txt")


def _add_newest(c: Path) -> None:
    """An article newer than all the others: listed first, so every other passage's rank moves."""
    body = [line for line in (TUNE / "azernews-tap-sgc.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    (c / "zz-newest.txt").write_text("Published in Analytical Articles\nMonday, 30 November 2026 10:00\n\n"
                                     "A Newer Note on the Southern Gas Corridor\n\nBy Dana Writer\n\n"
                                     + "\n\n".join(body) + "\n\nAUTHOR'S BIO: Dana Writer writes.\n", encoding="utf-8")


def _edit(c: Path) -> None:
    f = sorted(c.glob("*.txt"))[2]
    f.write_text(f.read_text(encoding="utf-8").replace("the", "THE", 3), encoding="utf-8")


def _delete(c: Path) -> None:
    sorted(c.glob("*.txt"))[3].unlink()


def _rename(c: Path) -> None:
    f = sorted(c.glob("*.txt"))[0]
    f.rename(c / "zz-renamed.txt")  # also moves it to the end of the corpus order


def _duplicate(c: Path) -> None:
    f = sorted(c.glob("*.txt"))[1]
    shutil.copy(f, c / "zz-duplicate-copy.txt")  # the same article in another file: merged across files


@pytest.mark.parametrize("change", [_add, _add_newest, _edit, _delete, _rename, _duplicate],
                         ids=lambda f: f.__name__[1:])
def test_a_change_in_place_equals_a_full_rebuild(corpus, tmp_path, monkeypatch, parses, change):
    db = tmp_path / "inc.sqlite"
    build_index((corpus,), db)
    inode = db.stat().st_ino
    parses.clear()
    change(corpus)
    build_index((corpus,), db, incremental=True)
    assert db.stat().st_ino == inode  # updated in place, not rebuilt
    assert len(parses) == (0 if change is _delete else 1)  # only the new, edited or renamed file is parsed
    after = snapshot(db)
    if change is _add_newest:
        first = next(p for p in after["passages"] if p.id == after["ranked"][0])
        assert first.source.file.endswith("zz-newest.txt")  # the newest article is listed first
    assert_same(after, full_rebuild(corpus, tmp_path / "full.sqlite", monkeypatch, tmp_path))


def test_all_changes_at_once_equal_a_full_rebuild(corpus, tmp_path, monkeypatch):
    db = tmp_path / "inc.sqlite"
    build_index((corpus,), db)
    for change in (_add, _duplicate, _edit, _delete, _rename):
        change(corpus)
    build_index((corpus,), db, incremental=True)
    assert_same(snapshot(db), full_rebuild(corpus, tmp_path / "full.sqlite", monkeypatch, tmp_path))


def test_a_full_build_from_the_cache_equals_one_without(corpus, tmp_path, monkeypatch, parses):
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build_index((corpus,), first)
    assert len(parses) == len(list(corpus.iterdir()))
    parses.clear()
    build_index((corpus,), second)  # a full build (not in place), every file from the cache
    assert parses == []
    assert_same(snapshot(second), snapshot(first))


def test_unchanged_corpus_annotates_nothing(corpus, tmp_path, monkeypatch):
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


# --- the parse cache is never trusted when the file, the code or the rules changed ---------------------------

def _ingest(files: list[Path], cache_path: Path, key: str | None = None):
    cache = ParseCache(cache_path, key)
    try:
        return ingest.ingest_files(files, cache=cache), cache
    finally:
        cache.close()


def _trusting_stat(monkeypatch) -> None:
    """Files written by a test are 'racy' (changed just before they were cached) and always re-hashed; let the
    stat be trusted as it is for a file that has not changed for a while."""
    monkeypatch.setattr(parsecache, "RACY_NS", -10**18)


def test_same_size_same_mtime_other_content_is_parsed_again(tmp_path, monkeypatch, parses):
    _trusting_stat(monkeypatch)
    f = tmp_path / "a.txt"
    shutil.copy(TUNE / "azernews-tap-sgc.txt", f)
    st = f.stat()
    _ingest([f], tmp_path / "c.sqlite")
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("pipeline", "PIPELINE", 1), encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert f.stat().st_size == st.st_size and f.stat().st_mtime_ns == st.st_mtime_ns
    parses.clear()
    report, cache = _ingest([f], tmp_path / "c.sqlite")
    assert parses == ["a.txt"] and cache.misses == 1
    assert report == ingest.ingest_files([f]) and "PIPELINE" in " ".join(p.text for p in report.passages)


def test_an_unchanged_file_is_taken_from_the_cache_by_stat_or_by_hash(tmp_path, monkeypatch, parses):
    f = tmp_path / "a.txt"
    shutil.copy(TUNE / "azernews-tap-sgc.txt", f)
    _ingest([f], tmp_path / "c.sqlite")
    parses.clear()
    report, cache = _ingest([f], tmp_path / "c.sqlite")  # just written: racy, so checked by its hash
    assert parses == [] and (cache.hits, cache.verified) == (1, 1)
    _trusting_stat(monkeypatch)
    report, cache = _ingest([f], tmp_path / "c.sqlite")
    assert parses == [] and (cache.hits, cache.verified) == (1, 0)
    assert report == ingest.ingest_files([f])


def test_a_change_of_boilerplate_rules_or_reader_code_parses_again(tmp_path, monkeypatch, parses):
    _trusting_stat(monkeypatch)
    f = tmp_path / "a.txt"
    shutil.copy(TUNE / "azernews-tap-sgc.txt", f)
    _ingest([f], tmp_path / "c.sqlite")
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    rules = (ROOT / "sources" / "boilerplate.toml").read_text(encoding="utf-8")
    (data / "sources" / "boilerplate.toml").write_text(rules + "\n# the same rules, edited\n", encoding="utf-8")
    parses.clear()
    use_data_dir(data)
    try:
        _ingest([f], tmp_path / "c.sqlite")
    finally:
        use_data_dir(None)
    assert parses == ["a.txt"]
    tree = tmp_path / "tree"  # the project's parser code, one reader edited
    shutil.copytree(ROOT / "sources", tree / "sources", ignore=shutil.ignore_patterns("corpus", "__pycache__"))
    (tree / "corridors").mkdir()
    shutil.copy(ROOT / "corridors" / "parsecache.py", tree / "corridors" / "parsecache.py")
    with open(tree / "sources" / "readers" / "text.py", "a", encoding="utf-8") as fh:
        fh.write("\n# edited\n")
    bundled = parse_key()
    monkeypatch.setattr(parsecache, "_ROOT", tree)
    assert parse_key() != bundled
    (tree / "sources" / "readers" / "text.py").write_bytes((ROOT / "sources" / "readers" / "text.py").read_bytes())
    assert parse_key() == bundled  # the key is of the code's content, wherever the checkout is
    with open(tree / "sources" / "readers" / "text.py", "a", encoding="utf-8") as fh:
        fh.write("\n# edited\n")
    parses.clear()
    _ingest([f], tmp_path / "c.sqlite")
    assert parses == ["a.txt"]


def _project_imports(module_file: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(module_file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m.split(".")[0] in {"sources", "routes", "geo", "corridors"}}


def _module_file(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for p in (base.with_suffix(".py"), base / "__init__.py"):
        if p.is_file():
            return p
    return None


def test_the_cache_key_covers_every_module_reading_and_parsing_import():
    covered = {p.resolve() for g in parsecache.PARSE_CODE for p in ROOT.glob(g)}
    todo = [ROOT / "sources" / "_parse.py", ROOT / "sources" / "catalog.py",
            *sorted((ROOT / "sources" / "readers").glob("*.py"))]
    seen: set[Path] = set()
    while todo:
        f = todo.pop().resolve()
        if f in seen:
            continue
        seen.add(f)
        todo.extend(p for p in map(_module_file, _project_imports(f)) if p is not None)
    assert seen <= covered, sorted(str(p.relative_to(ROOT)) for p in seen - covered)


def test_a_foreign_file_at_the_cache_path_is_left_alone(tmp_path, parses):
    f = tmp_path / "a.txt"
    shutil.copy(TUNE / "azernews-tap-sgc.txt", f)
    foreign = tmp_path / "c.sqlite"
    foreign.write_bytes(b"not a cache of ours\n")
    report, cache = _ingest([f], foreign)
    assert foreign.read_bytes() == b"not a cache of ours\n" and parses == ["a.txt"]
    assert report == ingest.ingest_files([f])


def test_a_damaged_cache_entry_is_parsed_again(tmp_path, parses):
    import sqlite3

    f = tmp_path / "a.txt"
    shutil.copy(TUNE / "azernews-tap-sgc.txt", f)
    _ingest([f], tmp_path / "c.sqlite")
    con = sqlite3.connect(tmp_path / "c.sqlite")
    with con:
        con.execute("UPDATE entries SET blob = x'00ff'")
    con.close()
    parses.clear()
    report, cache = _ingest([f], tmp_path / "c.sqlite")
    assert parses == ["a.txt"] and report == ingest.ingest_files([f])


def test_an_index_damaged_after_we_wrote_it_is_still_found_damaged(tmp_path, monkeypatch):
    from corridors.store import sqlitefile
    from corridors.store.sqlite import inspect_file

    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(tmp_path / "cache"))
    db = tmp_path / "i.sqlite"
    build_index((CORPUS,), db)
    assert sqlitefile.known_intact(db)  # just written by us: opening it skips the quick_check
    assert inspect_file(db).state == "ok"
    raw = bytearray(db.read_bytes())
    page = int.from_bytes(raw[16:18], "big")
    for at in range(3 * page, len(raw) - page, 7 * page):  # overwrite some pages, keeping the size
        raw[at + 8:at + page] = b"\xa5" * (page - 8)
    db.write_bytes(bytes(raw))
    assert not sqlitefile.known_intact(db)
    assert inspect_file(db).state == "damaged"


def test_deleting_the_canonical_copy_moves_its_article_to_the_other_copy(corpus, tmp_path, monkeypatch, parses):
    """The copy's file is unchanged, but its rows are not: it now holds the article's passages."""
    original = sorted(corpus.glob("*.txt"))[1]
    shutil.copy(original, corpus / "zz-duplicate-copy.txt")
    db = tmp_path / "inc.sqlite"
    build_index((corpus,), db)
    parses.clear()
    original.unlink()
    build_index((corpus,), db, incremental=True)
    assert parses == []
    after = snapshot(db)
    assert any(p.source.file.endswith("zz-duplicate-copy.txt") for p in after["passages"])
    assert_same(after, full_rebuild(corpus, tmp_path / "full.sqlite", monkeypatch, tmp_path))


def test_a_file_name_that_is_not_utf8_is_cached_too(tmp_path, parses):
    f = tmp_path / os.fsdecode(b"caf\xe9.txt")
    shutil.copy(TUNE / "azernews-tap-sgc.txt", f)
    _ingest([f], tmp_path / "c.sqlite")
    parses.clear()
    report, cache = _ingest([f], tmp_path / "c.sqlite")
    assert parses == [] and cache.hits == 1 and report == ingest.ingest_files([f])


def test_parsing_on_a_process_pool_equals_one_process(corpus, tmp_path, monkeypatch):
    """Files parsed by the pool (as on a big corpus) give the same report, and the cache then serves them all."""
    files = ingest.corpus_files([corpus])
    alone = ingest.ingest_files(files)
    monkeypatch.setattr(ingest, "POOL_MIN_BYTES", 0)
    pooled, cache = _ingest(files, tmp_path / "pool-cache.sqlite")
    assert pooled == alone and cache.misses == len(files)
    again, cache = _ingest(files, tmp_path / "pool-cache.sqlite")
    assert again == alone and cache.hits == len(files)


def test_an_edit_that_keeps_size_and_mtime_is_seen_by_the_content_hash(corpus, tmp_path, monkeypatch):
    """The content hash takes unchanged files' hashes from the parse cache by stat; an edit changes the stat
    (ctime) even when size and mtime are put back, so the index is rebuilt, not served stale."""
    from corridors.build import ensure_index

    _trusting_stat(monkeypatch)
    db = tmp_path / "i.sqlite"
    ensure_index(db, (corpus,))
    assert not ensure_index(db, (corpus,)).rebuilt
    f = sorted(corpus.glob("*.txt"))[2]
    st = f.stat()
    text = f.read_text(encoding="utf-8")
    word = next(w for w in text.split() if w.isalpha() and w.islower() and len(w) > 5)
    f.write_text(text.replace(word, word.upper(), 1), encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert f.stat().st_size == st.st_size
    assert ensure_index(db, (corpus,)).rebuilt
    assert word.upper() in " ".join(p.text for p in snapshot(db)["passages"])


def test_a_full_build_has_every_index_of_the_schema(corpus, tmp_path):
    """A fresh file gets its secondary indexes after the bulk insert: all of them, as the schema declares."""
    import re
    import sqlite3

    from corridors.store import sqlite as sindex

    db = tmp_path / "i.sqlite"
    build_index((corpus,), db)
    con = sqlite3.connect(db)
    try:
        found = {r[0]: r[1] for r in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                                  "AND sql IS NOT NULL")}
    finally:
        con.close()
    declared = {name: sql for sql, name in re.findall(r"^(CREATE INDEX (\w+) [^;]*);$", sindex._SCHEMA, re.M)}
    assert declared and found == declared
