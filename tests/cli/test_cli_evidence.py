"""`corridors passages` shows, per linked route, the evidence spans and the kind of rule behind each (issue 11)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from corridors.cli import cli

KINDS = {"alias", "component", "operator", "waypoints", "description", "context"}


def test_passages_jsonl_evidence_has_kinds_and_slices_back(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = ("Gas from Shah Deniz reached Italy through TAP, while oil took the BTC; the BTC is older.\n\n"
            "The pipeline will be expanded, officials said. The Trans-Caspian Gas Pipeline is discussed again.\n")
    (corpus / "gas.md").write_text("---\ntitle: Southern Gas Corridor expands\nauthor: A. Writer\n"
                                   "date: 2025-05-01\npublisher: Test Wire\n---\n" + text, encoding="utf-8")
    db = tmp_path / "i.sqlite"
    r = CliRunner().invoke(cli, ["build", "--corpus", str(corpus), "--db", str(db)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["passages", "--db", str(db), "--route", "sgc"], catch_exceptions=False)
    rows = [json.loads(x) for x in r.output.splitlines() if x.startswith("{")]
    assert len(rows) == 2, r.output
    kinds = {}
    for row in rows:
        (route,) = [x for x in row["routes"] if x["id"] == "sgc"]
        for ev in route["evidence"]:
            assert row["text"][ev["start"]:ev["end"]] == ev["text"]
            kinds[ev["text"]] = ev["kind"]
    assert kinds["Shah Deniz"] == "component" and kinds["TAP"] == "component"
    assert kinds["The pipeline"] == "context"  # the headline makes the article about the SGC
    assert set(kinds.values()) <= KINDS
    assert "Trans-Caspian Gas Pipeline" not in kinds  # a look-alike is never evidence


def test_check_reports_lexicon_problems(tmp_path, monkeypatch):
    import routes.lexicon as lexicon
    from corridors.checks import all_problems
    from sources._datadir import use_data_dir
    from sources.ingest import BUNDLED_CORPUS

    bad = tmp_path / "routes/lexicon.toml"  # a data folder replacing the bundled lexicon
    bad.parent.mkdir()
    bad.write_text(lexicon.LEXICON_PATH.read_text(encoding="utf-8").replace('id = "sgc/tanap"', 'id = "tanap"'),
                   encoding="utf-8")
    use_data_dir(tmp_path)
    try:
        problems, _ = all_problems((BUNDLED_CORPUS,))
    finally:
        use_data_dir(None)
    assert any(str(bad) in p and "'tanap'" in p for p in problems)


def test_check_reports_linking_rule_problems(tmp_path, monkeypatch):
    import routes.linking as linking
    from corridors.checks import all_problems
    from sources._datadir import use_data_dir
    from sources.ingest import BUNDLED_CORPUS

    bad = tmp_path / "routes/linking.toml"  # a data folder replacing the bundled rules
    bad.parent.mkdir()
    bad.write_text(linking.RULES_PATH.read_text(encoding="utf-8").replace('route = "btc"', 'route = "nowhere"', 1),
                   encoding="utf-8")
    use_data_dir(tmp_path)
    try:
        problems, _ = all_problems((BUNDLED_CORPUS,))
    finally:
        use_data_dir(None)
    assert any(str(bad) in p and "'nowhere'" in p for p in problems)
