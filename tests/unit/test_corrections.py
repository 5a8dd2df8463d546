"""User corrections: where the file goes, never over a foreign file, round trip, applied by the next build."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corridors.corrections import HEADER, CorrectionError, read_corrections, user_overrides_path, write_correction
from routes.overrides import OVERRIDES_PATH
from sources.ingest import BUNDLED_CORPUS


def test_path_for_bundled_is_user_data_dir_not_package(tmp_path: Path) -> None:
    p = user_overrides_path((BUNDLED_CORPUS,), {"CORRIDORS_CORRECTIONS_DIR": str(tmp_path)})
    assert p == tmp_path / "overrides-bundled.toml" and p != OVERRIDES_PATH
    assert user_overrides_path((tmp_path / "mine",), {}) == tmp_path / "mine.overrides.toml"


def test_round_trip_and_update_in_place(tmp_path: Path) -> None:
    f = tmp_path / "o.toml"
    write_correction(f, "a#p1", "tripp", "remove", 'says "Kars"\nonly in passing')
    write_correction(f, "a#p2", "instc", "add", "about INSTC", "primary")
    write_correction(f, "a#p1", "tripp", "grade", "actually primary", "primary")
    got = read_corrections(f)
    assert [(o.passage, o.route, o.action, o.strength, o.reason) for o in got] == [
        ("a#p2", "instc", "add", "primary", "about INSTC"), ("a#p1", "tripp", "grade", "primary", "actually primary")]
    assert f.read_text(encoding="utf-8").startswith(HEADER)
    assert not [x for x in tmp_path.iterdir() if x.name.endswith(".tmp")]


def test_reason_with_quotes_survives(tmp_path: Path) -> None:
    f = write_correction(tmp_path / "o.toml", "a#p1", "tripp", "remove", 'a "quoted" \\ reason <b>')
    assert read_corrections(f)[0].reason == 'a "quoted" \\ reason <b>'


def test_never_writes_over_a_foreign_file(tmp_path: Path) -> None:
    f = tmp_path / "o.toml"
    f.write_text("# somebody else's notes\n", encoding="utf-8")
    with pytest.raises(CorrectionError, match="not a Corridor Atlas user overrides file"):
        write_correction(f, "a#p1", "tripp", "remove", "why")
    assert f.read_text(encoding="utf-8") == "# somebody else's notes\n"


@pytest.mark.parametrize("action,reason,strength", [("drop", "x", None), ("remove", "  ", None), ("add", "x", None)])
def test_bad_corrections_are_refused(tmp_path: Path, action: str, reason: str, strength: str | None) -> None:
    with pytest.raises(CorrectionError):
        write_correction(tmp_path / "o.toml", "a#p1", "tripp", action, reason, strength)
    assert not (tmp_path / "o.toml").exists()


def test_next_build_applies_the_correction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corridors.build import ensure_index
    from corridors.store import open_store

    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    db = tmp_path / "i.sqlite"
    ensure_index(db, (corpus,))
    s = open_store(db)
    links = [lk for ls in s.links([p.id for p in s.passages()]).values() for lk in ls]
    s.close()
    victim = next(lk for lk in links if lk.origin == "rule")
    missing = next((p, r) for p in [lk.passage_id for lk in links]
                   for r in ("lachin",) if not any(k.passage_id == p and k.route_id == r for k in links))
    f = user_overrides_path((corpus,))
    write_correction(f, victim.passage_id, victim.route_id, "remove", "not about this route: passing mention")
    write_correction(f, missing[0], missing[1], "add", "names the Lachin road", "mention")
    assert ensure_index(db, (corpus,)).rebuilt
    s = open_store(db)
    after = s.links([victim.passage_id, missing[0]])
    s.close()
    assert not any(lk.route_id == victim.route_id for lk in after.get(victim.passage_id, []))
    added = [lk for lk in after[missing[0]] if lk.route_id == "lachin"]
    assert added and added[0].origin == "override" and added[0].reason == "names the Lachin road"
    assert not ensure_index(db, (corpus,)).rebuilt


def test_incremental_update_keeps_corrections_of_a_changed_file(tmp_path: Path) -> None:
    from corridors.build import ensure_index
    from corridors.store import open_store

    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    db = tmp_path / "i.sqlite"
    f = user_overrides_path((corpus,))
    ensure_index(db, (corpus,))
    s = open_store(db)
    victim = next(lk for ls in s.links([p.id for p in s.passages()]).values() for lk in ls if lk.origin == "rule")
    file = next(p.source.file for p in s.passages([victim.passage_id]))
    s.close()
    write_correction(f, victim.passage_id, victim.route_id, "remove", "not about it")
    ensure_index(db, (corpus,))
    src = next(p for p in corpus.rglob("*") if p.is_file() and str(p).endswith(Path(file).name))
    src.write_text(src.read_text(encoding="utf-8") + "\n\nA new closing paragraph about the weather.\n",
                   encoding="utf-8")
    assert ensure_index(db, (corpus,)).rebuilt  # an in-place update of the changed file
    s = open_store(db)
    assert not any(lk.route_id == victim.route_id for lk in s.links([victim.passage_id]).get(victim.passage_id, []))
    s.close()
