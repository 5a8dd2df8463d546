"""Every data file, every family of broken rule: ``corridors check`` names path:line and exits non-zero, and
``corridors build`` on the same data ends without a traceback (real CLI entry, in-process, copies in tmp_path).

Each case appends one broken entry to a copy of a bundled data file (or edits one key) in a data folder given by
``CORRIDORS_DATA_DIR``; the expected line is where that entry (or key) is in the copy.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from corridors.checks import DATA_FILES
from corridors.cli import main
from sources._datadir import ROOT, use_data_dir

ARTICLE = ("Ferries across the Caspian Sea\n\nBy Ann Example\n\n12 March 2025\n\n"
           "The Middle Corridor carries more freight each year, and ports on the Caspian Sea are being expanded.\n\n"
           "The Baku-Tbilisi-Ceyhan pipeline still carries most of the oil, officials said on Tuesday.\n")


OVERRIDE = "[[override]]\npassage = \"x#p1\"\nroute = \"btc\"\naction = \"remove\"\n"
HISTORY_PROJECT = ("[[project]]\nid = \"{id}\"\nname = \"Zz\"\nsegments = [\"{segment}\"]\nevents = [\n"
                   "  {{{{ date = \"{date}\", status = \"{status}\", source = \"ref:bp-btc\", says = \"x\" }}}},\n]\n")


@dataclass(frozen=True)
class Case:
    """Append ``block`` to (or, with ``old``, replace ``old`` by ``block`` in) a copy of ``rel``.

    ``at`` is the 0-based line of ``block`` the problem must be reported at; ``says`` is in the message.
    """

    rel: str
    family: str
    block: str
    at: int
    says: str
    old: str | None = None


CASES = [
    # routes/linking.toml
    Case("routes/linking.toml", "unknown route", "[[pattern]]\nroute = \"nowhere\"\nregex = 'x+'\nneeds = [\"x\"]\n",
         0, "route 'nowhere' is not in the route catalog"),
    Case("routes/linking.toml", "unbalanced regex",
         "[[block]]\nregex = '(?:corridor'\nneeds = [\"x\"]\nreason = \"r\"\n",
         1, "regex does not compile (missing ), unterminated subpattern"),
    Case("routes/linking.toml", "missing key", "[[pattern]]\nregex = 'x+'\n", 0, "needs `route`"),
    Case("routes/linking.toml", "wrong type", "[[pattern]]\nroute = \"btc\"\nregex = 'x+'\nneeds = \"x\"\n",
         0, "`needs` must be a list"),
    Case("routes/linking.toml", "unknown key", "[[pattern]]\nroute = \"btc\"\nregex = 'x+'\ncolour = \"red\"\n",
         0, "unknown key 'colour'"),
    Case("routes/linking.toml", "duplicate key", "[context]\nlead_weight = 2\n", 0, "cannot be read as TOML"),
    # sources/boilerplate.toml
    Case("sources/boilerplate.toml", "unbalanced regex", "[[pattern]]\nregex = '^(Share'\nreason = \"r\"\n",
         1, "regex does not compile"),
    Case("sources/boilerplate.toml", "missing key", "[[pattern]]\nregex = '^Share$'\n", 0, "non-empty `reason`"),
    Case("sources/boilerplate.toml", "wrong type", "[[pattern]]\nregex = 3\nreason = \"r\"\n", 0, "string `regex`"),
    Case("sources/boilerplate.toml", "unknown key", "[[pattern]]\nregex = '^Share$'\nreason = \"r\"\nfate = \"x\"\n",
         0, "unknown key 'fate'"),
    # sources/catalog.toml
    Case("sources/catalog.toml", "missing key", "[[article]]\nid = \"zz-missing\"\ntitle = \"T\"\n", 1,
         "needs both 'id' and 'match'"),
    Case("sources/catalog.toml", "wrong type", "[[article]]\nid = \"zz-type\"\nmatch = 7\n", 1, "must be strings"),
    Case("sources/catalog.toml", "unknown key", "[[article]]\nid = \"zz-key\"\nmatch = \"Zz\"\npages = 3\n", 1,
         "unknown field(s) ['pages']"),
    Case("sources/catalog.toml", "duplicate id", "[[article]]\nid = \"{first_article}\"\nmatch = \"Zz\"\n", 1,
         "duplicate id"),
    # sources/actors.toml and sources/states.toml
    Case("sources/actors.toml", "unknown parent",
         "[[actor]]\nid = \"zz_body\"\nname = \"Zz\"\nkind = \"organisation\"\n"
         "parent = \"nowhere\"\n", 0, "parent 'nowhere' is not in the catalog"),
    Case("sources/actors.toml", "missing key", "[[actor]]\nname = \"Zz\"\nkind = \"person\"\n", 0, "missing id"),
    Case("sources/actors.toml", "wrong type",
         "[[actor]]\nid = \"zz\"\nname = \"Zz\"\nkind = \"person\"\naliases = \"Z\"\n",
         0, "aliases must be a list of strings"),
    Case("sources/actors.toml", "unknown key", "[[actor]]\nid = \"zz\"\nname = \"Zz\"\nkind = \"person\"\nrank = 1\n",
         0, "unknown key 'rank'"),
    Case("sources/actors.toml", "duplicate id", "[[actor]]\nid = \"eu\"\nname = \"Zz\"\nkind = \"organisation\"\n", 0,
         "duplicate id"),
    Case("sources/states.toml", "duplicate id",
         "[[state]]\nid = \"{first_state}\"\nname = \"Zz\"\nun = \"member\"\n", 0,
         "missing or duplicate id"),
    Case("sources/states.toml", "wrong value", "[[state]]\nid = \"zz\"\nname = \"Zz\"\nun = \"nation\"\n", 0,
         "is not member, observer or historical"),
    Case("sources/states.toml", "unknown key", "[[state]]\nid = \"zz\"\nname = \"Zz\"\nun = \"member\"\nflag = 1\n", 0,
         "unknown key 'flag'"),
    # routes/catalog.toml
    Case("routes/catalog.toml", "missing key", "[zz]\nname = \"Zz\"\nkind = \"corridor\"\ndescription = \"d\"\n", 0,
         "missing or empty 'colour'"),
    Case("routes/catalog.toml", "wrong type", "[zz]\nname = \"Zz\"\nkind = \"corridor\"\ncolour = \"#123456\"\n"
         "description = \"d\"\naliases = \"Z\"\n", 0, "'aliases' must be a list of strings"),
    Case("routes/catalog.toml", "unknown key", "[zz]\nname = \"Zz\"\nkind = \"corridor\"\ncolour = \"#123456\"\n"
         "description = \"d\"\nwidth = 3\n", 0, "unknown key 'width'"),
    Case("routes/catalog.toml", "duplicate id", "[btc]\nname = \"Zz\"\n", 0, "cannot be read as TOML"),
    # routes/lexicon.toml
    Case("routes/lexicon.toml", "unknown route", "[route.nowhere]\nnames = [\"Zzyzx Line\"]\n", 0,
         "route 'nowhere' is not in the route catalog"),
    Case("routes/lexicon.toml", "unknown route named", "[[lookalike]]\nis = \"a river\"\nnames = [\"Zzyzx\"]\n"
         "not = [\"nowhere\"]\n", 0, "`not` names unknown route 'nowhere'"),
    Case("routes/lexicon.toml", "unknown key", "[[lookalike]]\nis = \"a river\"\nnames = [\"Zzyzx\"]\nlike = 1\n", 0,
         "unknown key 'like'"),
    Case("routes/lexicon.toml", "missing key", "[[lookalike]]\nnames = [\"Zzyzx\"]\n", 0, "needs `is`"),
    # routes/overrides.toml
    Case("routes/overrides.toml", "unknown route", "[[override]]\npassage = \"x#p1\"\nroute = \"nowhere\"\n"
         "action = \"remove\"\nreason = \"r\"\n", 1, "route 'nowhere', which is not in the route catalog"),
    Case("routes/overrides.toml", "missing key", OVERRIDE,
         1, "needs a reason"),
    Case("routes/overrides.toml", "wrong type", "[[override]]\npassage = \"x#p1\"\nroute = \"btc\"\naction = \"add\"\n"
         "strength = 1\nreason = \"r\"\n", 1, "needs strength primary|mention"),
    Case("routes/overrides.toml", "unknown key", OVERRIDE + "reason = \"r\"\nby = \"me\"\n", 1,
         "unknown key(s) ['by']"),
    Case("routes/overrides.toml", "duplicate", OVERRIDE + "reason = \"r\"\n\n" + OVERRIDE + "reason = \"again\"\n",
         7, "repeats the one at line"),
    # geo/style.toml
    Case("geo/style.toml", "missing key", "[mode.cable]\nlabel = \"Cable\"\n", 0, "missing key 'weight'"),
    Case("geo/style.toml", "wrong type", "[mode.cable]\nlabel = \"Cable\"\nweight = \"thick\"\n", 2,
         "weight: must be a number"),
    Case("geo/style.toml", "unknown key", "[mode.cable]\nlabel = \"Cable\"\nweight = 1.0\nglow = true\n", 3,
         "unknown key 'glow'"),
    Case("geo/style.toml", "unknown status", "[lifecycle.zz]\nlabel = \"Zz\"\ndraw = \"nowhere\"\n", 2,
         "draw: 'nowhere' is not a [status.*] of this file"),
    Case("geo/style.toml", "duplicate id", "[mode.rail]\nlabel = \"Rail again\"\n", 0, "not valid TOML"),
    # geo/history.toml (an event is an inline table on its own line: the problem is at that line)
    Case("geo/history.toml", "unknown status", HISTORY_PROJECT.format(id="zz", segment="btc-turkey", date="2020",
                                                                      status="opened"),
         5, "unknown status 'opened'"),
    Case("geo/history.toml", "wrong value", HISTORY_PROJECT.format(id="zz", segment="btc-turkey", date="12 June 2020",
                                                                   status="operational"),
         5, "date '12 June 2020' is not ISO"),
    Case("geo/history.toml", "unknown segment", HISTORY_PROJECT.format(id="zz", segment="nowhere", date="2020",
                                                                       status="operational"),
         3, "unknown segment 'nowhere'"),
    Case("geo/history.toml", "duplicate id", HISTORY_PROJECT.format(id="{first_project}", segment="btc-turkey",
                                                                    date="2020", status="operational"),
         0, "project id 'btc' missing or repeated"),
    Case("geo/history.toml", "missing key", "[figure.zz]\nroute = \"btc\"\nsegments = [\"btc-turkey\"]\n", 0,
         "figure 'zz': missing or bad field ('length_km')"),
    Case("geo/history.toml", "unknown route", "[figure.zz]\nroute = \"nowhere\"\nsegments = [\"btc-turkey\"]\n"
         "length_km = 10.0\nlength_source = \"ref:bp-btc\"\n", 0, "figure 'zz': unknown route 'nowhere'"),
    Case("geo/history.toml", "wrong type", "[reference.zz]\ntitle = \"T\"\npublisher = \"P\"\nurl = \"nowhere\"\n", 0,
         "url 'nowhere' is not an http(s) address"),
    Case("geo/history.toml", "unknown key", "[reference.zz]\ntitle = \"T\"\npublisher = \"P\"\n"
         "url = \"https://example.org/a\"\ncolour = \"red\"\n", 0, "reference 'zz': unknown key 'colour'"),
    Case("geo/history.toml", "duplicate table", "[reference.bp-btc]\ntitle = \"T\"\n", 0, "cannot be read as TOML"),
]


@pytest.fixture(autouse=True)
def _bundled_data_after():
    yield
    use_data_dir(None)


def _first_id(rel: str, header: str) -> str:
    text = (ROOT / rel).read_text(encoding="utf-8")
    after = text[text.index(header):]
    return after.split('id = "', 1)[1].split('"', 1)[0]


def broken_copy(tmp_path: Path, case: Case) -> tuple[Path, Path, int]:
    """The data folder, the broken file in it and the 1-based line the problem must be reported at."""
    data = tmp_path / "data"
    target = data / case.rel
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (ROOT / case.rel).read_text(encoding="utf-8").rstrip("\n")
    block = case.block.format(first_article=_first_id("sources/catalog.toml", "[[article]]"),
                              first_state=_first_id("sources/states.toml", "[[state]]"),
                              first_project=_first_id("geo/history.toml", "[[project]]"))
    start = text.count("\n") + 3  # lines + blank line + 1
    target.write_text(f"{text}\n\n{block}", encoding="utf-8")
    return data, target, start + case.at


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    (folder / "ferries.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def run(capsys, args: list[str]) -> tuple[int, str]:
    code = main(args)  # a bug would raise out of main: the test then fails with its traceback
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rel}:{c.family}" for c in CASES])
def test_check_names_path_and_line_and_build_ends_cleanly(case, tmp_path, monkeypatch, capsys):
    data, target, line = broken_copy(tmp_path, case)
    monkeypatch.setenv("CORRIDORS_DATA_DIR", str(data))
    code, err = run(capsys, ["check", "--corpus", str(corpus(tmp_path))])
    assert code == 1, err
    assert any(ln.startswith(f"{target}:{line}:") and case.says in ln for ln in err.splitlines()), (line, err)
    code, err = run(capsys, ["build", "--corpus", str(corpus(tmp_path)), "--db", str(tmp_path / "i.sqlite")])
    assert "Traceback" not in err
    if case.rel.startswith("geo/"):  # the build does not read the map's data: `routes` does
        code, err = run(capsys, ["routes"])
        assert "Traceback" not in err
    # A history entry naming an unknown segment or route is a cross-reference `check` makes against the layers
    # and the catalog; loading the history alone cannot see it, and such an entry is simply never drawn.
    cross_reference = case.rel == "geo/history.toml" and case.family in ("unknown segment", "unknown route")
    if cross_reference:
        assert code == 0, err
    elif case.rel in ("routes/linking.toml", "sources/boilerplate.toml", "routes/catalog.toml", "routes/lexicon.toml",
                      "geo/style.toml", "geo/history.toml"):  # read whole: the command stops, naming every problem
        assert code == 1 and f"{target}:{line}:" in err, err
    elif not case.rel.startswith("geo/"):  # per entry: the bad entry is skipped and reported, the rest is built
        assert f"{target}:{line}:" in err, err


def test_an_override_naming_an_unknown_route_is_reported_and_never_linked(tmp_path, monkeypatch, capsys):
    from routes.linking import links_for_corpus
    from sources.ingest import corpus_files, ingest_files

    folder = corpus(tmp_path)
    pid = ingest_files(corpus_files([folder])).passages[0].id
    target = tmp_path / "data/routes/overrides.toml"
    target.parent.mkdir(parents=True)
    target.write_text(f'[[override]]\npassage = "{pid}"\nroute = "nowhere"\naction = "add"\nstrength = "primary"\n'
                      f'reason = "r"\n\n[[override]]\npassage = "{pid}"\nroute = "instc"\naction = "add"\n'
                      f'strength = "primary"\nreason = "r"\n', encoding="utf-8")
    monkeypatch.setenv("CORRIDORS_DATA_DIR", str(tmp_path / "data"))
    code, err = run(capsys, ["build", "--corpus", str(folder), "--db", str(tmp_path / "i.sqlite")])
    assert f"skipped: {target}:2: override points at route 'nowhere'" in err, err
    use_data_dir(tmp_path / "data")
    report = ingest_files(corpus_files([folder]))
    routes = {lk.route_id for lk in links_for_corpus(report.passages, report.articles) if lk.passage_id == pid}
    assert "instc" in routes and "nowhere" not in routes


def test_the_registry_lists_every_bundled_data_file():
    listed = {p for entry in DATA_FILES for p in entry.paths}
    bundled = {str(p.relative_to(ROOT)) for d in ("sources", "routes", "geo") for p in (ROOT / d).glob("*.toml")}
    assert bundled <= listed, bundled - listed
    assert {"geo/layers/", "geo/nodes.geojson"} <= listed
    for entry in DATA_FILES:
        assert entry.validate() == [], entry.name


def test_a_layer_feature_problem_names_its_line(tmp_path, monkeypatch, capsys):
    layers = tmp_path / "data/geo/layers"
    shutil.copytree(ROOT / "geo/layers", layers)
    first = sorted(layers.glob("*.geojson"))[0]
    text = first.read_text(encoding="utf-8")
    fid = text.split('"id": "', 1)[1].split('"', 1)[0]
    second = sorted(layers.glob("*.geojson"))[1]
    other = second.read_text(encoding="utf-8")
    other_id = other.split('"id": "', 1)[1].split('"', 1)[0]
    second.write_text(other.replace(f'"id": "{other_id}"', f'"id": "{fid}"', 2), encoding="utf-8")
    line = other[:other.index(f'"id": "{other_id}"')].count("\n") + 1
    monkeypatch.setenv("CORRIDORS_DATA_DIR", str(tmp_path / "data"))
    code, err = run(capsys, ["check", "--corpus", str(corpus(tmp_path))])
    assert code == 1 and f"{second}:{line}: feature {fid}: duplicate id" in err, err


def test_a_missing_data_folder_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CORRIDORS_DATA_DIR", str(tmp_path / "nowhere"))
    code, err = run(capsys, ["check"])
    assert code == 1 and "CORRIDORS_DATA_DIR" in err and "not an existing folder" in err and "Traceback" not in err


def test_a_bug_is_not_turned_into_a_user_error(monkeypatch):
    """The CLI translates only our error bases: a LookupError from a bug keeps its traceback."""
    import corridors.checks

    def broken(_dirs):
        raise KeyError("a bug")

    monkeypatch.setattr(corridors.checks, "all_problems", broken)
    with pytest.raises(KeyError, match="a bug"):
        main(["check"])
