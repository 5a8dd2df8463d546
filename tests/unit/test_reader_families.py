"""Failure families of real pages the readers were not tuned on (issue 10 follow-up).

PDF text of a printed web page (words split by run gaps, stray vertical gaps, a section label as the
metadata title), page chrome in .txt saves (separators, time stamps, breadcrumbs, language switchers,
cookie notices, captions), and dates printed inside chrome lines. Fixtures are hand-made
(tests/data/formats/README.md).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sources.ingest import ingest_files
from sources.readers import read_document
from sources.readers.layout import flow, split_lines

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"
BARGES_TITLE = "Grain barges find a winter route across the Caspian"
SALT_TITLE = "Salt lake barges resume grain runs to the southern shore"


def _texts(rep) -> list[str]:
    return [" ".join(p.text.split()) for p in rep.passages]


def _reasons(rep) -> dict[int, str]:
    return {f.line: f.reason for f in rep.fates}


# -- 1. PDF text of a printed web page ----------------------------------------------------------------

def test_layout_lines_take_the_word_spacing_of_plain_mode():
    from sources.readers.pdf import words_from_plain

    layout = ["Inter national  traders  said", "", "the cor ridor  car ries car go.", "a line plain mode lacks"]
    plain = ["International traders said", "the corridor carries cargo.", "something else"]
    assert words_from_plain(layout, plain) == ["International traders said", "",
                                               "the corridor carries cargo.", "a line plain mode lacks"]


def test_a_paragraph_cut_by_a_stray_gap_is_joined_not_a_header_line():
    from sources.readers.pdf import _join_across_pages

    long = "The operators say the paperwork at the quay is lighter than at the land border, " \
           "where lorries queue, as a survey of " \
           "hauliers found"
    blocks = [("text", long, 1), ("text", "(Review, 3 March 2024).", 1), ("text", "October 2025 · News", 1),
              ("text", "(Agency) — Freight rose.", 1), ("text", "Talks went on and", 1), ("text", "on.", 2)]
    out = [t for _, t, _ in _join_across_pages(blocks)]
    assert out == [long + " (Review, 3 March 2024).", "October 2025 · News", "(Agency) — Freight rose.",
                   "Talks went on and on."]


def test_printed_page_title_is_the_headline_not_the_section_label_of_its_metadata():
    rep = ingest_files([DATA / "barges.pdf"])
    assert len(rep.articles) == 1
    a = rep.articles[0]
    assert a.title == BARGES_TITLE and a.authors == ("Orla Quennell",)
    texts = _texts(rep)
    assert texts[0].startswith("International traders have begun")
    # the page is kerned: Chromium draws "figur|es" as two runs, which layout mode alone splits
    assert texts[1].startswith("The figures are modest") and texts[1].endswith("(Steppe Freight Review, 3 March 2024).")
    doc = read_document(DATA / "barges.pdf")
    assert doc.meta.title == BARGES_TITLE  # from the largest font: the metadata says "World | Steppe …"
    for p in rep.passages:
        assert doc.text[p.source.start:p.source.end] == p.text


@pytest.mark.parametrize("meta, largest, want", [
    ("World", "Grain barges find a winter route", "Grain barges find a winter route"),
    ("Grain barges find a winter route", "Grain barges find a winter route", "Grain barges find a winter route"),
    ("Living in limbo", "Missing Link", "Living in limbo"),
    ("World", "Missing Link", None),
    ("Ports and their owners", "A headline printed larger than the rest", "A headline printed larger than the rest"),
])
def test_pdf_title_choice(meta, largest, want):
    from sources.readers.pdf import choose_title

    assert choose_title(meta, largest) == want


# -- 2. chrome in .txt saves --------------------------------------------------------------------------

def test_chrome_lines_of_a_text_save_are_reported_and_never_title_or_passage():
    path = DATA / "barges-chrome.txt"
    rep = ingest_files([path])
    assert len(rep.articles) == 1 and rep.articles[0].title == SALT_TITLE
    texts = _texts(rep)
    assert len(texts) == 3
    assert texts[0].startswith("The first grain barges") and texts[0].endswith("because of low water.")
    assert texts[1].startswith("Operators said") and texts[1].endswith("within a fortnight.")
    assert texts[2].startswith("Traders expect") and texts[2].endswith("in public.")
    reasons = _reasons(rep)
    want = {1: "breadcrumbs", 2: "language switcher", 3: "cookie notice", 4: "time stamp", 5: "font-size",
            6: "section/teaser", 10: "separator", 12: "time stamp", 15: "[Photo]", 18: "separator",
            21: "section/teaser", 23: "separator", 24: "photo credit", 27: "separator", 28: "subscribe",
            29: "cookie notice", 30: "Photo)", 31: "breadcrumbs"}
    for line, part in want.items():
        assert part in reasons[line], (line, reasons[line])
    fates = {f.line: f.fate for f in rep.fates}
    assert all(fates[n] == "boilerplate" for n in want)
    lines = Counter(f.line for f in rep.fates)
    assert set(lines) == set(range(1, len(split_lines(path.read_text(encoding="utf-8"))) + 1))
    raw = path.read_text(encoding="utf-8")
    assert all(flow(raw[p.source.start:p.source.end]) == p.text for p in rep.passages)


@pytest.mark.parametrize("line", ["-----", "=" * 80, "* * *", "___", "~~~~", "• • •"])
def test_separator_lines_never_join_a_wrapped_paragraph(tmp_path, line):
    body = ("The barges left the terminal on Tuesday with wheat for the southern port, which had been\n"
            "closed to them for three winters because of low water in the approach channel of the port.\n")
    f = tmp_path / "a.txt"
    f.write_text(f"A headline about the barges of the salt lake\n\n{body}{line}\n{body}", encoding="utf-8")
    rep = ingest_files([f])
    want = " ".join(body.split())
    assert _texts(rep) == [want, want]
    assert any(fa.reason.startswith("separator line") for fa in rep.fates)


@pytest.mark.parametrize("line, reason", [
    ("17:41 | Share: Facebook Twitter Telegram", "time stamp"),
    ("Updated 12:05 GMT", "time stamp"), ("3 hours ago", "time stamp"),
    ("Listen to this article ▶ 0:00 / 2:41", ""), ("▶ 1:05 / 4:10", "audio player"),
    ("Home > Business > Energy", "breadcrumbs"), ("Home / Politics / Karabakh", "breadcrumbs"),
    ("English | Русский | Azərbaycanca", "language switcher"), ("EN RU AZ", "language switcher"),
    ("We use cookies to give you the best experience. [Accept]", "cookie notice"),
    ("This site uses cookies. OK", "cookie notice"), ("Accept all", "notice button"),
    ("Subscribe to our Telegram channel", "subscribe"), ("Follow us on Google News", "subscribe"),
    ("[Video] Loading wheat at dawn", "[Photo]"), ("Trucks wait at the border (AA Photo)", "Photo)"),
    ("Politics · 4 min read", "section/teaser"), ("Business · 12:05 | Views: 1,234", "time stamp"),
])
def test_chrome_families(line, reason):
    from sources._lines import _chrome

    found = _chrome(line)
    assert found is not None and reason in found.reason, (line, found)


@pytest.mark.parametrize("line", ["Armenia | Azerbaijan", "The port said it would open at 12:00.",
                                  "OK, the line is open again.", "The Baku–Tbilisi–Kars railway",
                                  "Talks resumed after the cookies were baked", "Home > Politics > 8 June 2023",
                                  "News | 08 June 2023, 10:02 | Share: Facebook Twitter"])
def test_prose_and_datelines_are_not_chrome(line):
    from sources._lines import _chrome

    assert _chrome(line) is None


def test_headline_found_past_masthead_chrome_and_city_dateline(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("STEPPE HERALD\nHome > World > Asia\n\nListen to this article ▶ 0:00 / 3:10\n\n"
                 "Barge operators expect a record season on the salt lake\n\nISTANBUL\nUpdated 09:40 GMT\n\n"
                 "Politics\n\n[Photo] Barges at the quay in the early morning light (AA Photo)\n\n"
                 "Operators of the salt-lake barges expect a record season after the channel was dredged over the "
                 "summer, the port authority said on Monday.\n\nThe first convoy is due to leave next week.\n",
                 encoding="utf-8")
    rep = ingest_files([f])
    assert [a.title for a in rep.articles] == ["Barge operators expect a record season on the salt lake"]
    assert _texts(rep)[0].startswith("Operators of the salt-lake barges")
    assert rep.articles[0].date is None  # a time stamp alone is no date


def test_a_lower_case_slug_under_the_headline_is_not_the_title(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Salt Lake Barges Set a Record Season\n\nsalt lake barges record season\n"
                 "salt lake barges record season\n\n"
                 "Operators of the salt-lake barges expect a record season after the channel was dredged over the "
                 "summer, the port authority said on Monday.\n", encoding="utf-8")
    rep = ingest_files([f])
    assert [a.title for a in rep.articles] == ["Salt Lake Barges Set a Record Season"]
    assert _reasons(rep)[3].startswith("site chrome")


# -- 3. dates hidden in chrome ------------------------------------------------------------------------

@pytest.mark.parametrize("line, iso", [
    ("Updated 5 June 2023", "2023-06-05"), ("June 8, 2023 at 10:02 am", "2023-06-08"),
    ("News | 08 June 2023, 10:02 | Share: Facebook Twitter", "2023-06-08"),
    ("Home > Politics > 8 June 2023", "2023-06-08"), ("Energy · 8 June 2023 · 5 min read", "2023-06-08"),
])
def test_dates_inside_chrome_lines(line, iso):
    from sources._parse import parse_date_line

    assert parse_date_line(line)[0] == iso


@pytest.mark.parametrize("line", ["17:41 | Share: Facebook Twitter", "Updated 12:05 GMT", "Today, 10:02"])
def test_a_time_stamp_alone_is_no_date(line):
    from sources._parse import parse_date_line

    assert parse_date_line(line) is None


def test_byline_and_date_on_one_line_give_both(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Home & Politics > Caucasus\n\nBarge operators expect a record season on the salt lake\n\n"
                 "by Orla Quennell · June 8, 2023\nFont size: A- A+\n\n"
                 "Operators of the salt-lake barges expect a record season after the channel was dredged over the "
                 "summer, the port authority said on Monday.\n", encoding="utf-8")
    rep = ingest_files([f])
    a = rep.articles[0]
    assert (a.title, a.authors, a.date) == ("Barge operators expect a record season on the salt lake",
                                           ("Orla Quennell",), "2023-06-08")


def test_boilerplate_rules_are_validated(tmp_path):
    from sources._lines import check_boilerplate

    assert check_boilerplate() == []
    bad = tmp_path / "b.toml"
    bad.write_text("[[pattern]]\nregex = '(unclosed'\nreason = 'x'\n\n[[pattern]]\nregex = 'a'\n"
                   "reason = ''\n\n[[pattern]]\nregex = 'b'\nreason = 'y'\nkind = 'closes'\n", encoding="utf-8")
    problems = check_boilerplate(bad)
    assert len(problems) == 3 and "pattern 1: regex does not compile" in problems[0]
    assert "pattern 2" in problems[1] and "unknown kind 'closes'" in problems[2]
    bad.write_text("regex = 'a", encoding="utf-8")
    assert "cannot be read as TOML" in check_boilerplate(bad)[0]
