"""The corridors CLI driven through click's runner, checked through the index."""
from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from corridors.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_build_prints_the_report(tmp_path):
    db = tmp_path / "i.sqlite"
    r = run("build", "--db", str(db))
    assert r.exit_code == 0, r.output
    assert "articles: 13" in r.output and "duplicate copies merged: 4" in r.output
    assert "boilerplate" in r.output and "image caption" in r.output
    assert db.exists()


def test_passages_jsonl_has_the_design_shape(bundled_db):
    r = run("passages", "--db", str(bundled_db), "--q", "Zangezur")
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.output.splitlines() if x.startswith("{")]
    assert rows and all("Zangezur" in x["text"] or "zangezur" in x["text"].lower() for x in rows)
    first = rows[0]
    assert set(first) >= {"id", "article", "text", "routes", "actors", "dates", "citation", "source"}
    assert set(first["article"]) >= {"id", "title", "author", "publisher", "date"}
    assert set(first["source"]) == {"file", "line", "start", "end", "page", "sha256", "layer"}


def test_passages_date_filter_and_csv(bundled_db):
    r = run("passages", "--db", str(bundled_db), "--from", "2025-08", "--to", "2025-08-31", "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert rows and {row["date"] for row in rows} <= {"2025-08", "2025-08-20"}


def test_route_actor_and_primary_filters(bundled_db):
    r = run("passages", "--db", str(bundled_db), "--route", "tripp", "--actor", "tehran")
    rows = [json.loads(x) for x in r.output.splitlines()]
    assert rows
    for row in rows:
        assert any(link["id"] == "tripp" for link in row["routes"])
    r2 = run("passages", "--db", str(bundled_db), "--route", "tripp", "--primary-only")
    prim = [json.loads(x) for x in r2.output.splitlines()]
    assert prim and all(any(link["id"] == "tripp" and link["strength"] == "primary" for link in row["routes"])
                        for row in prim)


def test_user_mistakes_are_one_line_errors(bundled_db):
    for args, needle in ((["--actor", "Narnia"], "unknown actor"), (["--from", "2025-13"], "--from"),
                         (["--from", "2025-09", "--to", "2025-01"], "after")):
        r = CliRunner().invoke(cli, ["passages", "--db", str(bundled_db), *args])
        assert r.exit_code != 0 and needle in r.output and "Traceback" not in r.output


def test_check_passes_on_the_bundled_data():
    r = run("check")
    assert r.exit_code == 0, r.output


def test_check_fails_on_a_broken_corpus(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    r = CliRunner().invoke(cli, ["check", "--corpus", str(tmp_path)])
    assert r.exit_code == 1 and "empty.txt" in r.output


def test_build_from_a_new_folder(tmp_path):
    (tmp_path / "note.md").write_text("---\ntitle: Ferry news\nauthor: A. Writer\ndate: 2025-10\n---\n"
                                      "The Middle Corridor ferry from Aktau to Alat doubled its cargo this year, "
                                      "officials said in October.\n")
    db = tmp_path / "x.sqlite"
    r = run("build", "--corpus", str(tmp_path), "--db", str(db))
    assert r.exit_code == 0 and "articles: 1" in r.output
    rows = [json.loads(x) for x in run("passages", "--db", str(db), "--route", "middle_corridor").output.splitlines()]
    assert rows[0]["article"]["title"] == "Ferry news"


def test_check_on_a_user_corpus_does_not_blame_the_bundled_catalog(tmp_path):
    (tmp_path / "a.md").write_text("By Jane Doe\n\n"
                                   + "A paragraph about the Middle Corridor and the port of Baku. " * 3 + "\n")
    r = CliRunner().invoke(cli, ["check", "--corpus", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert "catalog.toml" not in r.output


def test_jsonl_actor_mentions_carry_name_kind_and_parents(bundled_db):
    r = run("passages", "--db", str(bundled_db), "--actor", "Pezeshkian")
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in r.output.splitlines() if x.startswith("{")]
    mentions = [m for row in rows for m in row["actors"]]
    assert all({"id", "name", "kind", "parents", "text", "start", "end"} <= set(m) for m in mentions)
    pez = next(m for m in mentions if m["id"] == "pezeshkian")
    assert (pez["name"], pez["kind"], [p["id"] for p in pez["parents"]]) == ("Masoud Pezeshkian", "person", ["iran"])


def test_actors_lists_what_the_corpus_names_with_counts(bundled_db):
    r = run("actors", "--db", str(bundled_db))
    assert r.exit_code == 0, r.output
    rows = [line.split("\t") for line in r.stdout.splitlines()]
    assert rows[0][:3] == ["azerbaijan", "Azerbaijan", "state"] and int(rows[0][3]) > 100
    assert "tuvalu" not in {row[0] for row in rows}
    assert run("actors", "--officials", "--db", str(bundled_db)).exit_code == 0


def test_actors_officials_lists_people_found_by_role(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ktz.md").write_text(
        "---\ntitle: New rail link\nauthor: Ann Analyst\ndate: 2025-10-02\npublisher: Example Review\n---\n\n"
        "Kazakh Transport Minister Nurlan Sauranbayev opened the new line to the Caspian port on Monday.\n\n"
        "Sauranbayev said traffic would double by 2027, and the minister thanked the builders.\n", encoding="utf-8")
    r = run("actors", "--officials", "--corpus", str(corpus), "--db", str(tmp_path / "i.sqlite"))
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == ["Nurlan Sauranbayev\tkazakhstan\tKazakhstan\t1"]


def test_build_timings_name_every_step_with_wall_and_cpu_seconds(tmp_path):
    import re

    from tests.unit.test_incremental import CORPUS

    r = CliRunner().invoke(cli, ["build", "--corpus", str(CORPUS), "--db", str(tmp_path / "t.sqlite"), "--quiet",
                                 "--timings"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    steps = re.findall(r"^(.+): (\d+\.\d\d) s \(CPU (\d+\.\d\d) s\)$", r.stderr, re.M)
    files = len(list(CORPUS.iterdir()))
    assert [s[0] for s in steps] == ["walking the corpus", f"reading {files} file(s)", "hashing and digests",
                                     "annotating", "writing the index"]
    assert sum(float(s[1]) for s in steps) > 0
