"""``corridors export`` and ``corridors passages --format bibtex|ris`` through click's runner."""
from __future__ import annotations

import bibtexparser
import rispy
from click.testing import CliRunner
from PIL import Image

from corridors.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_export_png_with_notes(bundled_db, tmp_path):
    out = tmp_path / "tripp.png"
    r = run("export", "--db", str(bundled_db), "--route", "tripp", "--out", str(out), "--title", "TRIPP",
            "--note", "39.0,46.2,Meghri", "--note", "39.2,45.4,Nakhchivan", "--size", "a4-portrait", "--dpi", "50")
    assert r.exit_code == 0, r.output
    assert "1 route(s)" in r.output and "2 note(s)" in r.output
    assert Image.open(out).size[0] == int(8.268 * 50)


def test_export_data_formats_by_extension(bundled_db, tmp_path):
    for name in ("a.geojson", "a.csv", "a.bib", "a.ris"):
        r = run("export", "--db", str(bundled_db), "--actor", "iran", "--out", str(tmp_path / name))
        assert r.exit_code == 0, r.output
    assert bibtexparser.loads((tmp_path / "a.bib").read_text()).entries
    assert rispy.loads((tmp_path / "a.ris").read_text())


def test_export_errors_are_one_line_and_nonzero(bundled_db, tmp_path):
    cases = [
        (["--q", "xylophonequux", "--out", str(tmp_path / "x.png")], "no passages match"),
        (["--route", "tripp", "--note", "abc", "--out", str(tmp_path / "x.png")], "LAT,LON,TEXT"),
        (["--route", "tripp", "--note", "10,10,far away", "--out", str(tmp_path / "x.png")], "outside the map"),
        (["--route", "tripp", "--out", str(tmp_path / "x.jpg")], "unknown extension"),
        (["--route", "tripp", "--out", str(tmp_path / "nope" / "x.png")], "does not exist"),
    ]
    for args, why in cases:
        r = run("export", "--db", str(bundled_db), *args)
        assert r.exit_code != 0 and why in r.output, (args, r.output)
        assert "Traceback" not in r.output
    assert not list(tmp_path.glob("*.png"))


def test_passages_bibtex_and_ris(bundled_db):
    r = run("passages", "--db", str(bundled_db), "--route", "tripp", "--format", "bibtex")
    assert r.exit_code == 0
    ids = [e["ID"] for e in bibtexparser.loads(r.output).entries]
    assert ids and len(ids) == len(set(ids))
    r = run("passages", "--db", str(bundled_db), "--route", "tripp", "--format", "ris")
    assert len(rispy.loads(r.output)) == len(ids)
