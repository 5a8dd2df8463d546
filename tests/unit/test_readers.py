"""Readers per format: hard-wrapped text, chrome families, Markdown, HTML, PDF, decoding, corpus walk."""
from __future__ import annotations

import os
import textwrap
from collections import Counter
from pathlib import Path

import pypdf
import pytest

from sources.ingest import corpus_files, ingest_files
from sources.readers import read_document
from sources.readers.layout import flow, split_lines
from sources.readers.text import render_markdown

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"
FERRY_TITLE = "New ferries double Caspian capacity"
FERRY_LEAD = "Two new roll-on/roll-off ferries entered service on the Aktau–Alat line this week"


def _one(path: Path):
    rep = ingest_files([path])
    assert len(rep.articles) == 1, (path, [a.title for a in rep.articles])
    return rep


def _texts(rep) -> list[str]:
    return [" ".join(p.text.split()) for p in rep.passages]


def _check_lines_and_slices(rep, path: Path) -> None:
    """Every line has one fate; slicing gives each quote (flowed / rendered / exact)."""
    doc = read_document(path)
    n = len(split_lines(doc.text))
    lines = Counter(f.line for f in rep.fates)
    assert set(lines) == set(range(1, n + 1)) and all(v == 1 for v in lines.values()), path
    for p in rep.passages:
        span = doc.text[p.source.start:p.source.end]
        if doc.derived:
            assert span == p.text
        elif doc.format == "md":
            assert render_markdown(span) == p.text
        else:
            assert flow(span) == p.text
            if "\n" not in span:
                assert span == p.text


@pytest.mark.parametrize("name", ["ferry-wrapped.txt", "ferry-indented.txt", "ferry-chrome.txt", "ferry.md",
                                  "ferry.html", "ferry.pdf", "ferry-with-headers.pdf"])
def test_every_layout_gives_whole_paragraphs_title_and_date(name):
    rep = _one(DATA / name)
    a = rep.articles[0]
    assert a.title == FERRY_TITLE
    assert a.date == "2025-03-05"
    assert a.authors == (() if name == "ferry-chrome.txt" else ("Lena Marsh",))  # the chrome page prints none
    texts = _texts(rep)
    assert texts[0].startswith(FERRY_LEAD) and texts[0].endswith("in a single sailing.")
    assert any(t.startswith("Analysts caution") and t.endswith("during the past two years.") for t in texts)
    assert not any(w in t for t in texts for w in ("Facebook", "Subscribe", "Anaklia", "rights reserved",
                                                   "A A A", "Photo:", "Source:", "Tags:", "1/2", "file://"))
    _check_lines_and_slices(rep, DATA / name)


def test_the_formats_of_one_article_give_the_same_passages_and_metadata():
    reps = {n: _one(DATA / n) for n in ("ferry.html", "ferry.pdf", "ferry.md", "ferry-wrapped.txt")}
    base = _texts(reps["ferry.html"])
    assert len(base) == 8
    for name, rep in reps.items():
        assert _texts(rep) == base, name
        a = rep.articles[0]
        assert (a.title, a.date) == (FERRY_TITLE, "2025-03-05"), name
        if name != "ferry.pdf":  # the PDF prints the byline; checked below
            assert a.authors == ("Lena Marsh",), name
    assert reps["ferry.pdf"].articles[0].authors == ("Lena Marsh",)
    # and together they are one article with four sources
    rep = ingest_files([DATA / n for n in reps])
    assert len(rep.articles) == 1 and len(rep.articles[0].sources) == 4 and len(rep.passages) == 8


def test_hard_wrapped_paragraph_is_one_passage_with_its_raw_span(tmp_path):
    p1_text = ("The Aktau-Baku ferry line is the bottleneck of the Middle Corridor, and its operators have long "
               "promised more ships to the shippers of the region. Nagorno-Karabakh is not on the route at all, "
               "which matters for insurers.")
    wrapped = textwrap.fill(p1_text, 60, break_on_hyphens=True)
    text = ("Ferries on the Caspian\n\nBy Ann Analyst\n\n" + wrapped + "\n\n" +
            textwrap.fill("A second paragraph that also wraps, because the newsletter was sent as plain text "
                          "to every subscriber on the list.", 60) + "\n")
    f = tmp_path / "wrapped.txt"
    f.write_text(text)
    rep = _one(f)
    p1, p2 = rep.passages
    assert p1.text == p1_text
    assert text[p1.source.start:p1.source.end] == wrapped and p1.source.line == 5
    assert p2.text.endswith("sent as plain text to every subscriber on the list.")
    assert rep.articles[0].title == "Ferries on the Caspian" and rep.articles[0].authors == ("Ann Analyst",)
    assert not [x for x in rep.fates if x.fate == "boilerplate"]


def test_line_end_hyphen_between_letters_is_joined():
    assert flow("the Nagorno-\n  Karabakh road") == "the Nagorno-Karabakh road"
    assert flow("costs rose 5-\n10 percent") == "costs rose 5- 10 percent"
    assert flow("the Azerbaijan–\nKazakhstan commission") == "the Azerbaijan–Kazakhstan commission"


def test_front_matter_null_list_and_duplicate_key(tmp_path):
    body = "\n\nThe Middle Corridor through Baku matters for trade, transit and the ports of the Caspian Sea.\n"
    (tmp_path / "a.md").write_text("---\ntitle: T\nauthor: null\n---" + body)
    (tmp_path / "b.md").write_text("---\ntitle: T2\nauthor: [Ann One, Bob Two]\ndate: 2025-10-02\n---"
                                   + body.replace("Baku", "Aktau"))
    (tmp_path / "c.md").write_text("---\ntitle: First\ntitle: Second\n---" + body.replace("Baku", "Poti"))
    rep = ingest_files(corpus_files([tmp_path]))
    arts = {a.title: a for a in rep.articles}
    assert arts["T"].authors == ()
    assert arts["T2"].authors == ("Ann One", "Bob Two") and arts["T2"].date == "2025-10-02"
    assert "First" in arts
    assert any("c.md:3" in p and "duplicate" in p and "'title'" in p for p in rep.problems)


def test_lone_cr_and_crlf_with_front_matter(tmp_path):
    md = ("---\ntitle: CR file\ndate: 2025-01-02\n---\n\n"
          "A paragraph about the Baku–Tbilisi–Kars railway and its freight volumes this year.\n")
    for name, nl in (("cr.md", "\r"), ("crlf.md", "\r\n")):
        (tmp_path / name).write_bytes(md.replace("\n", nl).encode())
        rep = _one(tmp_path / name)
        a = rep.articles[0]
        assert (a.title, a.date) == ("CR file", "2025-01-02"), name
        assert rep.passages[0].text.startswith("A paragraph about") and not rep.problems
        _check_lines_and_slices(rep, tmp_path / name)


def test_markdown_structure_is_understood(tmp_path):
    md = ("# Ports of the Black Sea\n\nBy Ann One\n\nThe port of Poti handles most of Georgia's container traffic, "
          "officials say, and its **new** [terminal](https://x.example) opens in May.\n\n## Figures\n\n"
          "| port | TEU |\n|---|---|\n| Poti | 1 |\n\n- First list item about Batumi and its oil terminal.\n"
          "- Second item\n\n> A quoted official on Anaklia and its long-delayed deep-sea port project.\n\n"
          "![A crane](crane.jpg)\n\n```\ncode line\n```\n\n<div class=\"ad\">ad</div>\n\n---\n")
    (tmp_path / "s.md").write_text(md)
    rep = _one(tmp_path / "s.md")
    texts = _texts(rep)
    assert texts[0].endswith("its new terminal opens in May.")
    assert "First list item about Batumi and its oil terminal." in texts and "Second item" in texts
    assert "A quoted official on Anaklia and its long-delayed deep-sea port project." in texts
    assert "Poti | 1" in texts and "A crane" not in " ".join(texts)
    assert rep.articles[0].title == "Ports of the Black Sea" and rep.articles[0].authors == ("Ann One",)
    reasons = {f.reason for f in rep.fates}
    assert {"image caption: Markdown image", "raw HTML block in Markdown", "Markdown horizontal rule"} <= reasons
    _check_lines_and_slices(rep, tmp_path / "s.md")


def test_one_stray_byte_costs_one_line_and_utf16_32_boms(tmp_path):
    good = "Azerbaijan’s ports on the Caspian handle transit cargo for the Middle Corridor every single day."
    raw = ("By Ann One\n\n" + good + "\n\n" + good.replace("ports", "rail") + "\n").encode()
    bad = raw.replace(b"rail", b"ra\xffil", 1)
    (tmp_path / "stray.txt").write_bytes(bad)
    rep = _one(tmp_path / "stray.txt")
    assert rep.passages[0].text == good  # the other lines stay UTF-8
    assert any("stray.txt:5" in w for w in rep.warnings) and not any("stray.txt:3" in w for w in rep.warnings)
    for enc in ("utf-16", "utf-32"):
        (tmp_path / f"{enc}.txt").write_bytes(("By Ann One\n\n" + good + "\n").encode(enc))
        assert _texts(_one(tmp_path / f"{enc}.txt")) == [good], enc


def test_a_stray_byte_in_a_web_page_is_reported_at_its_line(tmp_path):
    good = "Azerbaijan’s ports on the Caspian handle transit cargo for the Middle Corridor every single day."
    page = ('<html><head><meta charset="utf-8"><title>Ports</title></head><body><article><h1>Caspian ports</h1>\n'
            f"<p>{good}</p>\n<p>{good.replace('ports', 'rail')}</p>\n</article></body></html>\n").encode()
    (tmp_path / "page.html").write_bytes(page.replace(b"rail", b"ra\xffil", 1))
    rep = _one(tmp_path / "page.html")
    assert good in _texts(rep)  # the clean lines stay UTF-8
    assert [w for w in rep.warnings if "not valid UTF-8" in w] == [
        f"{tmp_path / 'page.html'}:3: not valid UTF-8 (byte 0xff); this line decoded as cp1252"], rep.warnings


def test_a_caption_ending_in_its_photo_credit_is_no_passage(tmp_path):
    caption = "The first train on the new section of the corridor. Photo: Anna Lee / Caspian Wire"
    body = ("The railway section carries containers from the Caspian ports to the border every week, and "
            "its operator plans a second track. Photo: the operator's own archive shows the first trains.")
    (tmp_path / "cap.txt").write_text(f"A new rail section opens\n\n{caption}\n\n{body}\n", encoding="utf-8")
    rep = _one(tmp_path / "cap.txt")
    assert _texts(rep) == [body]  # a paragraph that goes on after "Photo:" is kept
    assert any(f.reason == "image caption: caption with its photo credit" for f in rep.fates)


def test_bad_pdfs_and_empty_html_are_reported_and_the_rest_ingested(tmp_path):
    w = pypdf.PdfWriter(clone_from=str(DATA / "ferry.pdf"))
    w.encrypt("secret")
    w.write(tmp_path / "locked.pdf")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    blank = pypdf.PdfWriter()
    blank.add_blank_page(595, 842)
    blank.write(tmp_path / "scan.pdf")
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav><script>x=1</script></body></html>")
    (tmp_path / "ok.pdf").write_bytes((DATA / "ferry.pdf").read_bytes())
    rep = ingest_files(corpus_files([tmp_path]))
    probs = " | ".join(rep.problems)
    for name, why in (("locked.pdf", "encrypted"), ("broken.pdf", "broken PDF"), ("scan.pdf", "no text layer"),
                      ("nav.html", "no main text")):
        assert any(name in p and why in p for p in rep.problems), (name, probs)
    assert len(rep.articles) == 1 and rep.articles[0].title == FERRY_TITLE


def test_pdf_passages_carry_page_and_layer(tmp_path):
    rep = _one(DATA / "ferry-with-headers.pdf")
    layer = rep.layers[0]
    assert layer.file.endswith("ferry-with-headers.pdf") and len(layer.sha256) == 64 and len(layer.pages) == 2
    for p in rep.passages:
        assert p.source.layer and p.source.page == 1 and layer.text[p.source.start:p.source.end] == p.text
    running = [f for f in rep.fates if "running header" in f.reason or "page number" in f.reason]
    assert len(running) >= 3
    from sources.citation import format_citation

    assert format_citation(rep.articles[0], rep.passages[0]).endswith("¶1, p. 1.")


def test_corpus_walk_reports_every_entry_not_ingested(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    (root / "a.txt").write_text("By Ann One\n\n" + "A paragraph about Baku and the Caspian ferries. " * 3 + "\n")
    (root / "notes.docx").write_bytes(b"PK\x03\x04")
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    (root / "loop").symlink_to(root / "loop")
    os.mkfifo(root / "pipe.txt")
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to(root)  # a folder loop
    (root / os.fsdecode(b"caf\xe9.txt")).write_text("By Bob Two\n\n"
                                                    + "Another paragraph on Georgian rail gauges. " * 3 + "\n")
    files = corpus_files([root, root, root / "sub"])  # repeated and overlapping folders
    assert sorted(p.name for p in files) == sorted(["a.txt", os.fsdecode(b"caf\xe9.txt")])
    reasons = dict(files.skipped)
    assert "unsupported file type '.docx'" in reasons[str(root / "notes.docx")]
    assert "dangling symlink" in reasons[str(root / "dangling.txt")]
    assert "symlink loop" in reasons[str(root / "loop")]
    assert "FIFO" in reasons[str(root / "pipe.txt")]
    assert any("symlink loop" in why and "up" in name for name, why in files.skipped)
    rep = ingest_files(files)
    assert len(rep.articles) == 2
    assert any(f["path"].endswith("caf\\xe9.txt") for f in rep.files)  # shown with an escape
    skipped = [f for f in rep.files if f["status"] == "skipped"]
    assert len(skipped) >= 5


def test_masthead_in_capitals_quoted_headline_and_bylines_for_an_outlet(tmp_path):
    lead = ("Rail freight between Kars and Tbilisi rose by a third this year, the operator said, as more "
            "containers from Kazakhstan crossed the Caspian.")
    text = ("HARBOUR LEDGER\nHome > Rail > Georgia\nRAIL | 14.11.2024\nSize: A A A\n\n" + lead + "\n")
    (tmp_path / "masthead.txt").write_text(text)
    a = _one(tmp_path / "masthead.txt").articles[0]
    assert a.date == "2024-11-14"
    quoted = ('Minister says the line will be "the shortest route between Asia and Europe"\n11/27/2024\n\n'
              + lead + "\n")
    (tmp_path / "quoted.txt").write_text(quoted)
    rep = _one(tmp_path / "quoted.txt")
    assert rep.articles[0].title.startswith("Minister says") and rep.articles[0].date == "2024-11-27"
    by = "Trains to Kars\n\nBy Ann One for The Ledger. Edited by Bob Two\n\n" + lead + "\n"
    (tmp_path / "by.txt").write_text(by)
    assert _one(tmp_path / "by.txt").articles[0].authors == ("Ann One",)


@pytest.mark.parametrize("line, iso", [("Politics | 5 March 2025, 14:32", "2025-03-05"),
                                       ("Published: Mar 5, 2025 - 09:10 GMT", "2025-03-05"),
                                       ("Posted on December 14, 2022", "2022-12-14"),
                                       ("06/26/2025", "2025-06-26"), ("26.06.2025", "2025-06-26"),
                                       ("October 2025 · News", "2025-10"), ("5th March 2025", "2025-03-05")])
def test_datelines_with_labels_times_and_numeric_forms(line, iso):
    from sources._parse import parse_date_line

    assert parse_date_line(line)[0] == iso


@pytest.mark.parametrize("line", ["Talks between Baku and Yerevan resumed on 5 March 2025 after a long pause",
                                  "03/04/2025", "In 2025 the railway carried more freight than ever"])
def test_sentences_and_ambiguous_numbers_are_not_datelines(line):
    from sources._parse import parse_date_line

    assert parse_date_line(line) is None


def test_pdf_layout_lines_are_cleaned():
    from sources.readers.pdf import clean_line

    assert clean_line("   the oﬁelds    are operated by BP .  ") == "the ofields are operated by BP."
    assert clean_line("costs: 5 , then 6") == "costs: 5, then 6"


def test_headline_in_capitals_above_its_mixed_case_copy_is_chrome(tmp_path):
    lead = ("Rail freight between Kars and Tbilisi rose by a third this year, the operator said, as more "
            "containers from Kazakhstan crossed the Caspian.")
    (tmp_path / "caps.txt").write_text("TRAINS TO KARS ARE FULL\n\nTrains to Kars are full\n\n" + lead + "\n")
    rep = _one(tmp_path / "caps.txt")
    assert rep.articles[0].title == "Trains to Kars are full"
    assert any(f.line == 1 and f.reason == "site chrome: headline repeated in capitals" for f in rep.fates)


def test_binary_content_anywhere_in_the_file_is_refused(tmp_path):
    (tmp_path / "late.txt").write_bytes(b"By Ann One\n\n" + b"Plain words about Baku. " * 5000 + b"\x00\x01\x02" * 10)
    rep = ingest_files([tmp_path / "late.txt"])
    assert rep.articles == () and any("late.txt" in p and "binary" in p for p in rep.problems)


def test_agency_dateline_opening_the_lead_gives_the_date(tmp_path):
    from sources._lines import lead_dateline

    assert lead_dateline("Baku/03.02.22/Agency: Armenia and Azerbaijan are close to a deal.") == ("2022-02-03", "day")
    assert lead_dateline("TBILISI, 14.11.2024 (Agency) – Georgia said.") == ("2024-11-14", "day")
    assert lead_dateline("In 2022 the line carried 3.4 million tons.") is None
    (tmp_path / "agency.txt").write_text("Rail link talks\n\nBaku/03.02.22/Agency: Armenia and Azerbaijan are very "
                                         "close to starting the restoration of the railroad, officials said.\n")
    assert _one(tmp_path / "agency.txt").articles[0].date == "2022-02-03"


_PAGE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p class="date">{shown}</p>
<p>Azerbaijan and Kazakhstan are considering increasing oil transit volumes through the Baku-Tbilisi-Ceyhan pipeline
to seven million tonnes a year, the energy minister said, adding that talks with the operator are under way.</p>
<p>The Middle Corridor has drawn more cargo in recent years, and both governments want the Caspian leg to grow further,
with new tankers and port works at Aktau and Kuryk planned for the coming years.</p></article></body></html>"""


@pytest.mark.parametrize("shown, want", [("October 2025", "2025-10"), ("October 14, 2025", "2025-10-14"),
                                         ("14 October 2025", "2025-10-14"), ("Published 2025-10-14", "2025-10-14")])
def test_a_web_page_date_has_a_day_only_when_the_page_shows_it(tmp_path, shown, want):
    """htmldate completes "October 2025" with today's day of the month; the reader keeps only the month."""
    page = tmp_path / "page.html"
    page.write_text(_PAGE.format(title="Oil transit through BTC to grow", shown=shown), encoding="utf-8")
    (article,) = ingest_files(corpus_files([tmp_path])).articles
    assert article.date == want


@pytest.mark.parametrize("found, shown, want", [("2025-01-01", "October 2025", "2025"),
                                                ("2000-01-01", "October 2025", None),
                                                ("2025-10-02", "October 2025", "2025-10"),
                                                ("2025-10-14", "Oct. 14, 2025", "2025-10-14"),
                                                ("2025-10-14", "14/10/2025", "2025-10-14")])
def test_a_page_date_is_cut_to_what_the_page_shows(found, shown, want):
    from sources.readers.html import _page_date

    assert _page_date(found, f"<p>{shown}</p>", shown) == want


def test_a_damaged_pdf_that_can_be_read_names_itself_in_a_warning(tmp_path, capfd):
    raw = (DATA / "ferry.pdf").read_bytes()
    end = raw.rindex(b"startxref")
    (tmp_path / "moved.pdf").write_bytes(raw[:end] + b"startxref\n12\n%%EOF\n")  # a wrong xref offset
    rep = _one(tmp_path / "moved.pdf")
    assert rep.articles[0].title == FERRY_TITLE
    assert any(w.startswith(f"{tmp_path / 'moved.pdf'}: PDF read despite damage (pypdf: ") for w in rep.warnings)
    assert capfd.readouterr().err == ""  # nothing bare on stderr (pypdf's own logging, naming no file)


def test_a_long_headline_over_a_hard_wrapped_body_takes_no_line_below_it(tmp_path):
    title = "Iran hands over the land for the last section of the railway between the Caspian and the Gulf ports"
    body = textwrap.fill("The railway section is the last gap in the north-south line between the Caspian and "
                         "the Gulf, and the land for it has now been handed over to the builder by the ministry. "
                         "Work on the embankments can start this spring, officials said on Monday.", 72)
    (tmp_path / "wire.txt").write_text(f"{title}\nCaspian Wire\n27 September 2025\n\n" + f"{body}\n\n" * 4,
                                       encoding="utf-8")
    rep = _one(tmp_path / "wire.txt")
    assert rep.articles[0].title == title  # longer than the file's wrap width: not a wrapped line
    assert rep.articles[0].date == "2025-09-27"
