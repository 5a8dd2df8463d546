"""Command-line misuse, foreign and damaged databases, environment variables, the stdout/stderr split.

In-process through click's runner: each case asserts the exit code, that stderr names the file or option
and the reason, that nothing is written over, and that good files beside a bad one are still ingested.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from corridors.cli import cli
from corridors.store.sqlite import inspect_file

FERRY = ("By Ann Analyst\n\nThe Middle Corridor ferry line from Aktau to Alat carried more containers this "
         "autumn, the port authority in Baku said in October 2025.\n")
RAIL = ("---\ntitle: Rail gauge notes\nauthor: Ben Writer\ndate: 2025-09-14\n---\n"
        "Georgian Railways said the Baku–Tbilisi–Kars line now runs four freight trains a week through "
        "Akhalkalaki, where the gauge changes.\n")


def run(*args: str, env: dict[str, str] | None = None):
    base = {"CORRIDORS_DB": None, "CORRIDORS_CORPUS": None}
    return CliRunner(env={**base, **(env or {})}).invoke(cli, [str(a) for a in args])


def no_traceback(r) -> None:
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path, monkeypatch):
    """Run in a scratch folder: a relative path a broken check let through must not land in the checkout."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def corpus(tmp_path) -> Path:
    d = tmp_path / "articles"
    (d / "2025").mkdir(parents=True)
    (d / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (d / "2025" / "rail.md").write_text(RAIL, encoding="utf-8")
    return d


@pytest.fixture
def mine(tmp_path, corpus) -> Path:
    db = tmp_path / "mine.sqlite"
    r = run("build", "--corpus", corpus, "--db", db)
    assert r.exit_code == 0, r.output
    return db


def rows(r) -> list[dict]:
    return [json.loads(x) for x in r.stdout.splitlines() if x.strip()]


# --- never write over what is not ours ---------------------------------------------------------------


def _notes(p: Path) -> Path:
    p.write_text("meeting notes: do not lose\n")
    return p


def _app_db(p: Path) -> Path:
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.execute("INSERT INTO contacts VALUES ('Ann')")
    con.commit()
    con.close()
    return p


def _empty(p: Path) -> Path:
    p.write_bytes(b"")
    return p


@pytest.mark.parametrize("make, reason", [(_notes, "text file"), (_app_db, "another program"), (_empty, "empty file")])
@pytest.mark.parametrize("command", [["passages"], ["build"], ["export", "--out", "OUT/x.csv"],
                                     ["passages", "--q", "ferry"]])
@pytest.mark.parametrize("via", ["--db", "CORRIDORS_DB"])
def test_a_file_that_is_not_an_index_is_never_written_over(tmp_path, corpus, make, reason, command, via):
    target = make(tmp_path / "notes.txt")
    before = digest(target)
    (tmp_path / "OUT").mkdir()
    command = [c.replace("OUT", str(tmp_path / "OUT")) for c in command]
    args = [*command, "--corpus", corpus] + (["--db", target] if via == "--db" else [])
    r = run(*args, env={"CORRIDORS_DB": str(target)} if via == "CORRIDORS_DB" else None)
    no_traceback(r)
    assert r.exit_code == 1, r.output
    assert str(target) in r.stderr and reason in r.stderr and via in r.stderr and "refusing" in r.stderr
    assert r.stdout == ""
    assert digest(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["notes.txt", "articles", "OUT"])
    assert not list((tmp_path / "OUT").iterdir())


@pytest.mark.parametrize("value", ["FOLDER", "FOLDER/", ""])
def test_corridors_db_naming_a_folder_or_nothing_is_a_clear_error(tmp_path, value):
    value = value.replace("FOLDER", str(tmp_path))
    r = run("passages", "--q", "ferry", env={"CORRIDORS_DB": value} if value else {"CORRIDORS_DB": "/"})
    no_traceback(r)
    assert r.exit_code == 1 and "CORRIDORS_DB" in r.stderr
    assert "folder" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_db_option_naming_a_folder_is_a_usage_error(tmp_path):
    r = run("passages", "--db", tmp_path)
    no_traceback(r)
    assert r.exit_code == 2 and "--db" in r.stderr and "directory" in r.stderr


def test_an_unreachable_db_url_is_refused_clearly(tmp_path):
    r = run("passages", "--db", "postgresql://team:pw@host.invalid/corridors")
    no_traceback(r)
    assert r.exit_code == 1 and "--db" in r.stderr and "cannot connect to the PostgreSQL server" in r.stderr
    assert ":pw@" not in r.stderr and not (Path.cwd() / "postgresql:").exists()


def test_a_damaged_user_index_is_rebuilt_from_its_corpus_not_the_bundled_one(mine, corpus):
    os.truncate(mine, mine.stat().st_size // 2)
    r = run("passages", "--db", mine)
    no_traceback(r)
    assert r.exit_code == 0, r.output
    assert {row["article"]["author"][0] for row in rows(r)} == {"Ann Analyst", "Ben Writer"}
    assert "damaged" in r.stderr and str(mine) in r.stderr and "rebuilt" in r.stderr
    assert inspect_file(mine).state == "ok"


def test_overwritten_pages_are_repaired_once_not_a_traceback_forever(mine, corpus):
    with mine.open("r+b") as fh:
        fh.seek(4096 * 5)
        fh.write(b"\xff" * 4096 * 3)
    first = run("passages", "--db", mine, "--route", "middle_corridor")
    second = run("passages", "--db", mine, "--route", "middle_corridor")
    for r in (first, second):
        no_traceback(r)
        assert r.exit_code == 0, r.output
        assert [row["article"]["author"] for row in rows(r)] == [["Ann Analyst"]]
    assert "damaged" in first.stderr and "damaged" not in second.stderr


def test_a_damaged_index_with_its_corpus_gone_is_an_error_naming_both(mine, corpus, tmp_path):
    os.truncate(mine, mine.stat().st_size // 2)
    before = digest(mine)
    corpus.rename(tmp_path / "elsewhere")
    r = run("passages", "--db", mine)
    no_traceback(r)
    assert r.exit_code == 1
    assert str(mine) in r.stderr and "damaged" in r.stderr and "articles" in r.stderr and "gone" in r.stderr
    assert digest(mine) == before


def test_build_of_a_damaged_index_with_an_explicit_corpus_repairs_it(mine, corpus, tmp_path):
    os.truncate(mine, 5000)  # even the record of the corpus is lost
    r = run("passages", "--db", mine)
    assert r.exit_code == 1 and "--corpus DIR" in r.stderr
    r = run("build", "--corpus", corpus, "--db", mine)
    assert r.exit_code == 0, r.output
    assert "passages: 2" in r.stdout


# --- arguments checked up front ----------------------------------------------------------------------


@pytest.mark.parametrize("args, option, reason", [
    (["--route", "zangezurr"], "--route", "unknown route 'zangezurr'"),
    (["--route", "tripp", "--route", "nowhere"], "--route", "unknown route 'nowhere'"),
    (["--actor", "Narnia"], "--actor", "unknown actor 'Narnia'"),
    (["--limit", "0"], "--limit", "0 is not in the range"),
    (["--limit", "-1"], "--limit", "-1 is not in the range"),
    (["--limit", "many"], "--limit", "not a valid integer"),
    (["--q", "%%%"], "--q", "no searchable word"),
    (["--q", "___ ..."], "--q", "no searchable word"),
    (["--q", ""], "--q", "no searchable word"),
    (["--q", '""'], "--q", "no searchable word"),
    (["--from", "2025-13"], "--from", "2025-13"),
    (["--to", "yesterday"], "--to", "not an ISO date"),
    (["--from", "2025-09", "--to", "2025-01"], "--from", "after"),
    (["--format", "xml"], "--format", "xml"),
])
def test_bad_arguments_are_usage_errors_before_any_work(tmp_path, args, option, reason):
    db = tmp_path / "never.sqlite"
    r = run("passages", "--db", db, *args)
    no_traceback(r)
    assert r.exit_code == 2, r.output
    assert option in r.stderr and reason in r.stderr
    assert not db.exists()  # validated before the index was built
    assert r.stdout == ""


def test_unknown_route_suggests_close_ids(tmp_path):
    r = run("passages", "--db", tmp_path / "i.sqlite", "--route", "midle_corridor")
    assert r.exit_code == 2 and "did you mean: middle_corridor" in r.stderr


def test_route_names_and_any_case_are_accepted(mine):
    for name in ("MIDDLE_CORRIDOR", "Middle Corridor", "middle-corridor"):
        r = run("passages", "--db", mine, "--route", name)
        assert r.exit_code == 0, r.output
        assert [row["article"]["author"] for row in rows(r)] == [["Ann Analyst"]]


@pytest.mark.parametrize("args, option", [
    (["--route", "nowhere"], "--route"), (["--actor", "Atlantis"], "--actor"), (["--q", "!!!"], "--q"),
    (["--note", "91,0,Too far north"], "--note"), (["--note", "only text"], "--note"),
])
def test_export_checks_its_arguments_before_building_anything(tmp_path, args, option):
    db, out = tmp_path / "never.sqlite", tmp_path / "map.png"
    r = run("export", "--db", db, "--out", out, *args)
    no_traceback(r)
    assert r.exit_code == 2 and option in r.stderr
    assert not db.exists() and not out.exists()


def test_export_to_an_unknown_extension_names_the_file(tmp_path):
    r = run("export", "--db", tmp_path / "never.sqlite", "--out", tmp_path / "notes.txt")
    assert r.exit_code == 2 and "notes.txt" in r.stderr and "unknown extension" in r.stderr


def test_limit_one_gives_one_row(mine):
    r = run("passages", "--db", mine, "--limit", "1")
    assert r.exit_code == 0 and len(rows(r)) == 1


# --- corpus folders ----------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["option", "second option", "env", "env second"])
def test_a_missing_corpus_folder_is_an_error_even_when_an_index_exists(mine, corpus, tmp_path, how):
    typo = tmp_path / "artcles"
    if how == "option":
        r = run("passages", "--db", mine, "--corpus", typo)
    elif how == "second option":
        r = run("passages", "--db", mine, "--corpus", corpus, "--corpus", typo)
    else:
        value = str(typo) if how == "env" else os.pathsep.join([str(corpus), str(typo)])
        r = run("passages", "--db", mine, env={"CORRIDORS_CORPUS": value})
    no_traceback(r)
    assert r.exit_code == 1 and str(typo) in r.stderr and "does not exist" in r.stderr
    assert ("CORRIDORS_CORPUS" if how.startswith("env") else "--corpus") in r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize("command", ["build", "passages", "check"])
def test_repeated_and_overlapping_corpus_folders_are_read_once(tmp_path, corpus, command):
    db = tmp_path / "i.sqlite"
    r = run(command, "--corpus", corpus, "--corpus", corpus, "--corpus", corpus / "2025",
            *(["--db", db] if command != "check" else []))
    no_traceback(r)
    assert r.exit_code == 0, r.output
    assert "read once" in r.stderr and str(corpus / "2025") in r.stderr
    if command == "build":
        assert "articles: 2" in r.stdout
    if command == "passages":
        assert len(rows(r)) == 2


def test_an_empty_corpus_warns_and_check_fails(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    db = tmp_path / "e.sqlite"
    r = run("build", "--corpus", empty, "--db", db)
    assert r.exit_code == 0 and "empty corpus" in r.stderr and str(empty) in r.stderr
    r = run("passages", "--db", db)
    assert r.exit_code == 0 and "no passages" in r.stderr
    r = run("check", "--corpus", empty)
    assert r.exit_code == 1 and "empty corpus" in r.stderr and str(empty) in r.stderr


def test_good_files_beside_bad_ones_are_ingested_and_the_bad_ones_named(tmp_path, corpus):
    (corpus / "blank.txt").write_text("")
    (corpus / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    r = run("passages", "--corpus", corpus, "--db", tmp_path / "i.sqlite")
    no_traceback(r)
    assert r.exit_code == 0
    assert {row["article"]["author"][0] for row in rows(r)} == {"Ann Analyst", "Ben Writer"}
    assert "blank.txt" in r.stderr and "empty" in r.stderr and "image.md" in r.stderr and "binary" in r.stderr
    again = run("passages", "--corpus", corpus, "--db", tmp_path / "i.sqlite")
    assert "2 skipped file(s)" in again.stderr  # still said when the index is reused


# --- stdout for the report, stderr for errors and warnings; --quiet, --json --------------------------


def test_build_report_on_stdout_warnings_and_errors_on_stderr(tmp_path, corpus):
    (corpus / "blank.txt").write_text("")
    r = run("build", "--corpus", corpus, "--db", tmp_path / "i.sqlite")
    assert r.exit_code == 1  # a file could not be used; the rest is indexed
    assert "articles: 2" in r.stdout and "error:" not in r.stdout and "warning:" not in r.stdout
    assert "error:" in r.stderr and "blank.txt" in r.stderr
    assert "skipped: " in r.stdout and "blank.txt" in r.stdout


def test_build_json_and_quiet(tmp_path, corpus):
    (corpus / "blank.txt").write_text("")
    db = tmp_path / "i.sqlite"
    r = run("build", "--corpus", corpus, "--db", db, "--json")
    report = json.loads(r.stdout)
    assert r.exit_code == 1 and report["ok"] is False and report["articles"] == 2
    assert report["index"] == str(db) and any("blank.txt" in p for p in report["problems"])
    q = run("build", "--corpus", corpus, "--db", db, "--quiet")
    assert q.exit_code == 1 and q.stdout == "" and "warning:" not in q.stderr
    assert "blank.txt" in q.stderr  # errors are still said


def test_check_json_and_quiet(corpus):
    r = run("check", "--corpus", corpus, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {"ok": True, "problems": [], "warnings": json.loads(r.stdout)["warnings"]}
    q = run("check", "--corpus", corpus, "--quiet")
    assert q.exit_code == 0 and q.stdout == "" and q.stderr == ""


def test_passages_quiet_keeps_stdout_data_only(mine):
    r = run("passages", "--db", mine, "--q", "nonexistentword", "--quiet")
    assert r.exit_code == 0 and r.stdout == "" and r.stderr == ""
    r = run("passages", "--db", mine, "--q", "nonexistentword")
    assert "no passages match" in r.stderr and r.stdout == ""


def test_export_json(mine, tmp_path):
    out = tmp_path / "cited.csv"
    r = run("export", "--db", mine, "--route", "btk", "--out", out, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {"path": str(out), "routes": ["btk"], "citations": 1, "notes": 0}


def test_an_auto_build_reports_on_stderr_never_stdout(tmp_path, corpus):
    r = run("passages", "--corpus", corpus, "--db", tmp_path / "new.sqlite", "--format", "csv")
    assert r.exit_code == 0
    assert "built " in r.stderr and "2 passage(s)" in r.stderr
    assert r.stdout.splitlines()[0].startswith("id,")


def test_a_bug_is_not_disguised_as_a_user_error(monkeypatch, mine):
    import corridors.cli as cli_mod

    def broken(*a, **k):
        raise LookupError("a bug in our code")

    monkeypatch.setattr(cli_mod, "search_passages", broken)
    r = CliRunner().invoke(cli, ["passages", "--db", str(mine)])
    assert isinstance(r.exception, LookupError)


def test_a_file_name_that_is_not_utf8_is_escaped_not_a_crash(tmp_path, corpus):
    odd = os.fsdecode(b"caf\xe9.txt")  # a Latin-1 name: not valid UTF-8
    (corpus / odd).write_text("By Cleo Latin\n\nThe Anaklia deep-sea port on the Black Sea coast of Georgia "
                              "found a new investor in 2025, officials in Tbilisi said.\n", encoding="utf-8")
    db = tmp_path / "i.sqlite"
    for args in (["build", "--corpus", corpus, "--db", db], ["build", "--corpus", corpus, "--db", db, "--json"],
                 ["passages", "--db", db, "--format", "csv"], ["passages", "--db", db]):
        r = run(*args)
        no_traceback(r)
        assert r.exit_code == 0, r.output
    files = [row["source"]["file"] for row in rows(r)]
    assert any(f.endswith("caf\\xe9.txt") for f in files), files
    assert {row["article"]["author"][0] for row in rows(r)} == {"Ann Analyst", "Ben Writer", "Cleo Latin"}


@pytest.mark.parametrize("args, said", [
    (["--event-dates"], "--event-dates has no effect"),
    (["--all-actors", "--actor", "Iran"], "--all-actors has no effect"),
])
def test_an_option_that_changes_nothing_is_said(mine, args, said):
    r = run("passages", "--db", mine, *args)
    assert r.exit_code == 0 and said in r.stderr


def test_the_cache_index_is_ours_whatever_is_in_it(tmp_path, corpus):
    cache = tmp_path / "cache"
    env = {"CORRIDORS_CACHE_DIR": str(cache)}
    r = run("passages", "--corpus", corpus, env=env)
    assert r.exit_code == 0 and len(rows(r)) == 2
    (index,) = cache.glob("index-*.sqlite")
    index.write_bytes(b"\x00" * 8192)  # header and all: nothing says whose it is, but the cache is ours
    r = run("passages", "--corpus", corpus, env=env)
    no_traceback(r)
    assert r.exit_code == 0 and len(rows(r)) == 2 and "damaged" in r.stderr


def test_a_full_disk_or_closed_stdout_is_one_error_line(mine):
    # A real full device needs a real process (CliRunner's stdout cannot fail).
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "corridors.cli", "passages", "--db", str(mine)]
    root = Path(__file__).resolve().parents[2]
    with open("/dev/full", "w") as full:
        r = subprocess.run(cmd, cwd=root, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert r.returncode == 1 and "cannot write to standard output" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run(cmd, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120,
                       pass_fds=(), close_fds=True, preexec_fn=lambda: __import__("os").close(1))
    assert r.returncode == 1 and "standard output is closed" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("case", ["empty corpus name", "env of separators", "db ends with /", "db empty",
                                  "db link loop", "corpus link loop", "corpus is a fifo", "dangling corpus link"])
def test_settings_that_name_nothing_usable_are_clear_errors(tmp_path, case):
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "dangling").symlink_to(tmp_path / "gone")
    db = str(tmp_path / "i.sqlite")
    args, env, named = {
        "empty corpus name": (["--corpus", "", "--db", db], None, "--corpus"),
        "env of separators": (["--db", db], {"CORRIDORS_CORPUS": os.pathsep * 2}, "CORRIDORS_CORPUS"),
        "db ends with /": (["--db", str(tmp_path / "sub") + "/"], None, "--db"),
        "db empty": (["--db", ""], None, "--db"),
        "db link loop": (["--db", str(tmp_path / "loop1")], None, "loop1"),
        "corpus link loop": (["--corpus", str(tmp_path / "loop1"), "--db", db], None, "loop1"),
        "corpus is a fifo": (["--corpus", str(tmp_path / "fifo"), "--db", db], None, "FIFO"),
        "dangling corpus link": (["--corpus", str(tmp_path / "dangling"), "--db", db], None, "does not exist"),
    }[case]
    before = sorted(p.name for p in tmp_path.iterdir())
    r = run("passages", *args, env=env)
    no_traceback(r)
    assert r.exit_code == 1, r.output
    assert named in r.stderr and r.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_check_with_db_checks_the_index_file(mine, corpus, tmp_path):
    r = run("check", "--corpus", corpus, "--db", mine)
    assert r.exit_code == 0, r.output
    os.truncate(mine, mine.stat().st_size // 2)
    r = run("check", "--corpus", corpus, "--db", mine)
    assert r.exit_code == 1 and str(mine) in r.stderr and "damaged" in r.stderr
    r = run("check", "--corpus", corpus, "--db", _notes(tmp_path / "n.txt"))
    assert r.exit_code == 1 and "not a Corridor Atlas index" in r.stderr
    r = run("check", "--corpus", corpus, "--db", tmp_path / "new.sqlite")
    assert r.exit_code == 0 and "no index there yet" in r.stderr and not (tmp_path / "new.sqlite").exists()
