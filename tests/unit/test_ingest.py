"""Ingest: distinct articles with their metadata, exact passages, every line accounted for, bad input."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from sources._parse import split_lines
from sources.ingest import corpus_files, decode_file, ingest_files, resolve_source

EXPECTED = {  # id: (authors, date, precision, title starts with)
    "dipirro-2025-armenias-corridor-toward-regional-stability":
        (("John DiPirro",), "2025-07-25", "day", "Armenia's Corridor"),
    "avdaliani-2025-azerbaijan-balancing-major-powers": (("Emil Avdaliani",), "2025-06", "estimated", "["),
    "cutler-2025-has-the-west-lost-azerbaijan": (("Robert M. Cutler",), "2025-06-05", "day", 'Has the West "Lost"'),
    "fazl-e-haider-2025-turkiye-pakistan-azerbaijan-defence-cooperation":
        (("Syed Fazl-e-Haider",), "2025-05-22", "day", "Türkiye-Pakistan"),
    "petrosyan-2025-armenia-azerbaijan-peace-agreement": (("Davit Petrosyan",), "2025-04", "estimated", "["),
    "oztarsu-2025-armenia-azerbaijan-peace-iran":
        (("Mehmet Fatih Oztarsu",), "2025-08", "estimated", "Armenia-Azerbaijan Peace"),
    "blank-2025-trump-makes-a-move-in-the-caucasus": (("Stephen Blank",), "2025-08-20", "day", "Trump Makes a Move"),
    "abrahamyan-2025-russia-reengages-with-armenia": (("Eduard Abrahamyan",), "2025-11-06", "day", "Russia Reengages"),
    "avdaliani-2025-russia-azerbaijan-dushanbe-reconciliation": (("Emil Avdaliani",), "2025-10", "estimated", "["),
    "fazl-e-haider-2025-caspian-sea-militarization": (("Syed Fazl-e-Haider",), "2025-09", "estimated", "["),
    "fazl-e-haider-2025-chinas-road-to-europe": (("Syed Fazl-e-Haider",), "2025-09-04", "day", "China's Road"),
    "armenia-azerbaijan-escalation-2023": ((), "2023-09", "estimated", "["),
    "south-caucasus-russia-azerbaijan-2025": ((), "2025-03", "estimated", "["),
}


def test_each_distinct_article_once_with_metadata(bundled_report):
    arts = {a.id: a for a in bundled_report.articles}
    assert len(bundled_report.articles) == len(arts) == 13
    for aid, (authors, date, precision, title) in EXPECTED.items():
        a = arts[aid]
        assert a.authors == authors, aid
        assert (a.date, a.date_precision) == (date, precision), aid
        assert a.title and a.title.startswith(title), aid
        if precision == "estimated":
            assert a.date_note, aid


def test_duplicated_articles_keep_all_provenance(bundled_report):
    arts = {a.id: a for a in bundled_report.articles}
    cutler = arts["cutler-2025-has-the-west-lost-azerbaijan"]
    assert sorted(Path(s.file).name[:3] for s in cutler.sources) == ["000", "001"]
    assert sum(s.canonical for s in cutler.sources) == 1
    oz = arts["oztarsu-2025-armenia-azerbaijan-peace-iran"]
    assert {Path(s.file).name[:3] for s in oz.sources} == {"001", "002"}
    assert len(bundled_report.duplicates) == 4


def test_every_line_is_accounted_for(bundled_report):
    fates = Counter((f.file, f.line) for f in bundled_report.fates)
    assert all(n == 1 for n in fates.values()), "a line has two fates"
    for f in bundled_report.files:
        text = resolve_source(f["path"]).read_text(encoding="utf-8")
        lines = len(split_lines(text))
        counted = [x for x in bundled_report.fates if x.file == f["path"]]
        by_fate = Counter(x.fate for x in counted)
        assert sum(by_fate.values()) == lines == f["lines"], f["path"]
        assert set(by_fate) <= {"kept", "boilerplate", "duplicate", "other"}
        assert {x.line for x in counted} == set(range(1, lines + 1))
        assert all(x.reason for x in counted)


def test_slicing_the_raw_file_gives_back_every_passage(bundled_report):
    texts = {f["path"]: resolve_source(f["path"]).read_text(encoding="utf-8") for f in bundled_report.files}
    assert len(bundled_report.passages) > 150
    for p in bundled_report.passages:
        assert texts[p.source.file][p.source.start:p.source.end] == p.text, p.id
        line_text = texts[p.source.file].splitlines()[p.source.line - 1]
        assert p.text in line_text


def test_structure_sections_kinds_footnotes(bundled_report):
    ps = {p.id: p for p in bundled_report.passages}
    first = ps["cutler-2025-has-the-west-lost-azerbaijan#p1"]
    assert first.kind == "lead" and first.section is None
    p2 = ps["cutler-2025-has-the-west-lost-azerbaijan#p2"]
    assert p2.section == "BACKGROUND" and p2.text.startswith("The Second Karabakh War")  # label stripped
    assert ps["cutler-2025-has-the-west-lost-azerbaijan#p19"].kind == "conclusion"
    foot = [p for p in bundled_report.passages if p.kind == "footnote"]
    assert len(foot) == 17 and all(p.article_id == "armenia-azerbaijan-escalation-2023" for p in foot)
    heads = {p.section for p in bundled_report.passages if p.article_id == "south-caucasus-russia-azerbaijan-2025"}
    assert "ZANGEZUR CORRIDOR – SEVERAL AMBIGUITIES" in heads
    texts = " ".join(p.text for p in bundled_report.passages)
    for chrome in ("Credit: Wikimedia", "Visit also", "Published in", "946a03b0", "compressed", "Newsletter",
                   "biweekly publication", "Image Courtesy"):
        assert chrome not in texts


def _ingest_one(tmp_path: Path, name: str, data: bytes):
    f = tmp_path / name
    f.write_bytes(data)
    return ingest_files([f])


def test_empty_file_is_reported(tmp_path):
    rep = _ingest_one(tmp_path, "empty.txt", b"")
    assert rep.articles == () and "empty file" in rep.problems[0] and "empty.txt" in rep.problems[0]


def test_binary_file_is_reported_and_others_still_ingested(tmp_path):
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "ok.txt").write_text("By Jane Roe\n\n" + "A paragraph about the Middle Corridor and Baku. " * 5 + "\n")
    rep = ingest_files(corpus_files([tmp_path]))
    assert any("bin.txt" in p and "binary" in p for p in rep.problems)
    assert len(rep.articles) == 1 and rep.articles[0].authors == ("Jane Roe",)


def test_cp1252_is_decoded_with_a_warning_naming_the_file(tmp_path):
    text = "By Jane Roe\n\nThe café “quote” near Baku is a place where transit is discussed at length today.\n" * 1
    rep = _ingest_one(tmp_path, "latin.txt", text.encode("cp1252"))
    assert any("latin.txt:3" in w and "cp1252" in w for w in rep.warnings)
    assert "café “quote”" in rep.passages[0].text


def test_file_without_structure_is_one_flagged_article(tmp_path):
    rep = _ingest_one(tmp_path, "plain.txt", ("just words without any header, " * 10 + "\n").encode())
    assert len(rep.articles) == 1
    assert any("no header" in f for f in rep.articles[0].flags)


def test_fifty_megabyte_line_is_skipped_and_counted(tmp_path):
    big = b"By Jane Roe\n\n" + b"x" * (50 * 1024 * 1024) + b"\n" + ("A normal paragraph. " * 10).encode() + b"\n"
    rep = _ingest_one(tmp_path, "big.txt", big)
    assert any("big.txt:3" in w and "too long" in w for w in rep.warnings)
    assert any(f.line == 3 and f.fate == "other" and "longer than" in f.reason for f in rep.fates)
    assert [p.text[:8] for p in rep.passages] == ["A normal"]


def test_front_matter_overrides_text(tmp_path):
    md = ("---\ntitle: My Own Title\nauthor: Ann Analyst\ndate: 2025-10-02\npublisher: Desk\nurl: https://x.example/a\n---\n"
          "# A heading title\n\nBy Somebody Else\n\n"
          + "The Middle Corridor through Baku matters for trade and transit. " * 3 + "\n")
    rep = _ingest_one(tmp_path, "a.md", md.encode())
    a = rep.articles[0]
    assert (a.title, a.authors, a.date, a.publisher, a.url) == ("My Own Title", ("Ann Analyst",), "2025-10-02", "Desk", "https://x.example/a")
    p = rep.passages[0]
    assert md[p.source.start:p.source.end] == p.text


def test_bad_front_matter_is_reported_and_text_still_ingested(tmp_path):
    md = ("---\ntitle My Title\ndate: 2025-13-40\n---\n"
          + "A paragraph that is long enough to count as the lead paragraph of an article. " * 2 + "\n")
    rep = _ingest_one(tmp_path, "bad.md", md.encode())
    assert any("bad.md:2" in p for p in rep.problems)
    assert any("bad.md:3" in p and "date" in p for p in rep.problems)
    assert len(rep.passages) == 1


def test_decode_file_reports_missing_file(tmp_path):
    decoded, problems, _ = decode_file(tmp_path / "nope.txt")
    assert decoded is None and "nope.txt" in problems[0]


def test_catalog_with_malformed_date_is_reported(tmp_path):
    from sources.catalog import load_article_catalog

    cat = tmp_path / "catalog.toml"
    cat.write_text('[[article]]\nid = "x"\nmatch = "Hello"\ndate = "2025-02-30"\n\n'
                   '[[article]]\nid = "y"\nmatch = "World"\ndate = "2025-03"\n')
    entries, problems = load_article_catalog(cat)
    assert [e.id for e in entries] == ["y"]
    assert len(problems) == 1 and "catalog.toml:2" in str(problems[0]) and "'x'" in str(problems[0])


def test_byte_identical_and_whitespace_variants_are_one_article(tmp_path):
    body = ("By Jane Roe\n\n"
            + "\n\n".join(f"Paragraph {i} about the Southern Gas Corridor and gas exports to Europe." for i in range(5))
            + "\n")
    (tmp_path / "a.txt").write_text(body)
    (tmp_path / "b.txt").write_text(body)
    (tmp_path / "c.txt").write_text(body.replace(" about", "  about").replace("\n\n", "\n"))
    rep = ingest_files(corpus_files([tmp_path]))
    assert len(rep.articles) == 1 and len(rep.articles[0].sources) == 3
    assert len(rep.passages) == 5
    assert sum(1 for f in rep.fates if f.fate == "duplicate") >= 10


def test_front_matter_keeps_unbalanced_quotes(tmp_path):
    md = ('---\ntitle: "Quoted title"\npublisher: @Evil; "Publisher"\n---\n'
          + "A paragraph long enough to be the lead of this small article, about Baku. " * 2 + "\n")
    a = _ingest_one(tmp_path, "q.md", md.encode()).articles[0]
    assert a.title == "Quoted title" and a.publisher == '@Evil; "Publisher"'


def test_articles_without_closing_marker_split_at_the_next_header(tmp_path):
    def body(topic):
        return (f"A first paragraph about {topic} that is long enough to be a lead paragraph of the piece. " * 2
                + "\n\n" + f"A second paragraph about {topic}, with more words, also long enough to count.\n")

    text = ("Ferries on the Caspian\n\nBy Ann Analyst\n\nOctober 3, 2025\n\n" + body("ferries") +
            "\nRail gauges in Georgia\n\nBy Bob Writer\n\n" + body("gauges"))
    rep = _ingest_one(tmp_path, "two.txt", text.encode())
    assert [(a.title, a.authors) for a in rep.articles] == [("Ferries on the Caspian", ("Ann Analyst",)),
                                                             ("Rail gauges in Georgia", ("Bob Writer",))]
    assert rep.articles[0].date == "2025-10-03"
    assert len(rep.passages) == 4
    assert sum(1 for f in rep.fates if f.file.endswith("two.txt")) == len(text.splitlines())
