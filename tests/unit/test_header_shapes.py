"""Header shapes of articles nobody tuned on: which line is the title, the author, the date.

Every text here is invented and neutral (lake ferries, made-up people and outlets); each case says why it is
there. A wrong title, author or date in a citation is worse than none, so several cases check that a line
that only looks like a header part (a dateline without a year, a masthead, a caption) gives nothing.
"""
from __future__ import annotations

from datetime import date

import pytest

from sources._header import header_tail, masthead, name_line, quoted_speech, reads_as_sentence
from sources._lines import date_shaped, lead_dateline, parse_date_line
from sources.ingest import ingest_files

TITLE = "Ferry operators expect a busier season on the lake"
LEAD = ("Operators of the lake ferries expect a busier season after the channel was dredged over the summer, "
        "the port authority said on Monday.\n\nThe first convoy is due to leave next week, officials said.\n")

# (id, file text, title, authors, date, why)
SHAPES = [
    ("name-under-headline", f"{TITLE}\nMirela Tosk\n12 May 2024, 09:15\n\n{LEAD}", TITLE, ["Mirela Tosk"],
     "2024-05-12", "a byline printed as a bare name right under the headline (no 'By') is the author, not the "
                   "end of the title"),
    ("name-ends-header", f"{TITLE}\nMirela Tosk\n\n{LEAD}", TITLE, ["Mirela Tosk"], None,
     "the same with nothing after the name: it still stands alone"),
    ("outlet-city-apostrophe-year", f"Ferry Operators Expect a Busier Season, Officials Say\n"
                                    f"Lake Herald, Kavran / 10 Jan.'17 / 17:50\n\n{LEAD}",
     "Ferry Operators Expect a Busier Season, Officials Say", [], "2017-01-10",
     "an 'Outlet, City / date / time' line is a dateline (two-digit year with an apostrophe), never part of "
     "the title; the outlet is not an author"),
    ("outlet-city-dotted-year", f"{TITLE}\nLake Herald, Kavran / 10.01.17 / 17:50\n\n{LEAD}", TITLE, [],
     "2017-01-10", "dotted day.month.yy is read day first"),
    ("outlet-city-either-order", f"{TITLE}\nLake Herald, Kavran / 10/01/17 / 17:50\n\n{LEAD}", TITLE, [], None,
     "10/01/17 is 10 January or 1 October: no date rather than a guess, and the line is still no title"),
    ("quoted-standfirst", f"{TITLE}\n\"We expect the first convoy to leave next week,\" Daren Hollis said\n\n{LEAD}",
     TITLE, [], None, "a quoted sentence ending 'X said' under the headline is a standfirst, not the title"),
    ("sentence-standfirst", f"{TITLE}\n\nThe dredged channel lets heavier barges reach the northern quays for the "
                            f"first time.\n\nBy Mirela Tosk\n\n{LEAD}", TITLE, ["Mirela Tosk"], None,
     "a standfirst sentence (full stop) between headline and byline is not the title"),
    ("by-three", f"{TITLE}\nBy Mirela Tosk, Daren Hollis and Ines Varga\n3 March 2024\n\n{LEAD}", TITLE,
     ["Mirela Tosk", "Daren Hollis", "Ines Varga"], "2024-03-03", "'By A, B and C' gives three authors"),
    ("name-pipe-date", f"{TITLE}\nMirela Tosk | 3 March 2024\n\n{LEAD}", TITLE, ["Mirela Tosk"], "2024-03-03",
     "'A | 3 March 2024' gives the author and the date"),
    ("published-then-updated", f"{TITLE}\nPublished: 3 March 2024 Updated: 5 March 2024\n\n{LEAD}", TITLE, [],
     "2024-03-03", "the publication date, not the update"),
    ("updated-then-published", f"{TITLE}\nUpdated: 5 March 2024 | Published: 3 March 2024\n\n{LEAD}", TITLE, [],
     "2024-03-03", "published wins whatever the order on the line"),
    ("updated-line-first", f"{TITLE}\nUpdated: 5 March 2024\nPublished: 3 March 2024\n\n{LEAD}", TITLE, [],
     "2024-03-03", "published wins over an update printed on the line before; the second date line is no title"),
    ("date-before-title", f"3 March 2024\n\n{TITLE}\n\nBy Mirela Tosk\n\n{LEAD}", TITLE, ["Mirela Tosk"],
     "2024-03-03", "a date printed above the headline"),
    ("caps-kicker", f"ANALYSIS\n\n{TITLE}\n\nBy Mirela Tosk\n3 March 2024\n\n{LEAD}", TITLE, ["Mirela Tosk"],
     "2024-03-03", "a one-word section label above the headline is not the title"),
    ("word-kicker", f"Commentary\n{TITLE}\nBy Mirela Tosk\n\n{LEAD}", TITLE, ["Mirela Tosk"], None,
     "a kicker in mixed case, on the line right above the headline"),
    ("caps-title", f"{TITLE.upper()}\n\nBy Mirela Tosk\n3 March 2024\n\n{LEAD}", TITLE.upper(), ["Mirela Tosk"],
     "2024-03-03", "an all-caps headline is the title as printed"),
    ("no-author-no-date", f"{TITLE}\n\n{LEAD}", TITLE, [], None, "nothing but a headline"),
    ("headline-says", f"\"Our ferries are ready,\" says port chief\n\nBy Mirela Tosk\n\n{LEAD}",
     "\"Our ferries are ready,\" says port chief", ["Mirela Tosk"], None,
     "a quote headline in the present tense ('says') is still a headline"),
    ("label-under-headline", f"{TITLE}\nMiddle East\n\n{LEAD}", TITLE, [], None,
     "a capitalised section or region label under the headline is neither title nor author"),
    ("yearless-dateline", f"Kavran, Lakeland, Dec. 20\n\nBy Mirela Tosk\n\n{LEAD}", None, ["Mirela Tosk"], None,
     "a place and a day without a year is a dateline: no title and no date rather than wrong ones"),
    ("masthead-only", f"LAKE HERALD NEWS AGENCY\n\nPolitics | Economy | Society\n\n{LEAD}", None, [], None,
     "a masthead and a section bar are not a headline"),
    ("two-word-line", f"Ferries resume\n\n{LEAD}", None, [], None,
     "a two-word line above the lead is more often a site or section name than a headline: no title rather "
     "than a wrong one"),
    ("caption-only", f"Photo from the archive.\n\n{LEAD}", None, [], None,
     "a short caption sentence is not a headline"),
    ("joined-wrapped-headline", f"Ferry operators expect a busier season on the\nNorthern Lake Shore\n\n{LEAD}",
     "Ferry operators expect a busier season on the Northern Lake Shore", [], None,
     "a headline wrapped after a joining word keeps its capitalised last line"),
]


@pytest.mark.parametrize("text, title, authors, when, why", [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES])
def test_header_shape(tmp_path, text, title, authors, when, why):
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    rep = ingest_files([f])
    assert len(rep.articles) == 1, why
    a = rep.articles[0]
    assert (a.title, list(a.authors), a.date) == (title, authors, when), why
    assert rep.passages[0].text.startswith("Operators of the lake ferries"), why


def test_standfirst_is_reported_as_such_and_is_not_a_passage(tmp_path):
    f = tmp_path / "a.md"
    f.write_text(f"# {TITLE}\n\n\"We expect the first convoy to leave next week,\" Daren Hollis said\n\n{LEAD}",
                 encoding="utf-8")
    rep = ingest_files([f])
    reasons = {x.line: x.reason for x in rep.fates}
    assert reasons[3] == "header: standfirst (not a passage)"
    assert [p.text[:9] for p in rep.passages] == ["Operators", "The first"]


def test_a_line_ending_on_a_joining_word_keeps_the_name_after_it():
    """In a file that is not hard-wrapped a name ending its block stands alone, unless the line above ends on
    a word or mark the next line must continue."""
    from sources._lines import starts_own_block
    from sources.readers.layout import plain_blocks, split_lines, wrap_width

    wrapped = "The new timetable for the northern crossings, with two more sailings every week from the spring, " \
              "was agreed on Monday by the port board and\nthe union.\n\n"
    text = f"{TITLE}\nMirela Tosk\n\n{wrapped}{wrapped}The timetable was signed on behalf of the board by\n" \
           f"Mirela Tosk\n\n{LEAD}"
    assert wrap_width(split_lines(text)) is not None  # hard-wrapped, but the headline is short of the width
    blocks = [b.text for b in plain_blocks(text, starts_own_block, tail=header_tail)]
    assert blocks[:2] == [TITLE, "Mirela Tosk"]
    assert blocks[4] == "The timetable was signed on behalf of the board by Mirela Tosk"


@pytest.mark.parametrize("line, iso", [
    ("10 Jan.'17", "2017-01-10"), ("Jan. 10, '17", "2017-01-10"), ("May '95", "1995-05"),
    ("10.01.17 / 17:50", "2017-01-10"), ("25/01/17", "2017-01-25"), ("01/25/17", "2017-01-25"),
    ("Lake Herald, Kavran / 10 Jan.'17 / 17:50", "2017-01-10"), ("3 Dec '99", "1999-12-03"),
])
def test_two_digit_years_read_only_when_certain(line, iso):
    assert parse_date_line(line)[0] == iso


@pytest.mark.parametrize("line", [
    "10/01/17",  # day and month could be either
    "10 Jan.'60",  # 1960 is before any web page, 2060 has not come
    "31.02.17",  # no such day
    "03/04/2024",  # four-digit year, same rule
])
def test_ambiguous_dates_are_refused_but_still_datelines(line):
    assert parse_date_line(line) is None
    assert date_shaped(line)


def test_the_century_window_moves_with_the_year():
    yy = date.today().year % 100
    assert parse_date_line(f"May '{yy:02d}")[0] == f"{2000 + yy}-05"
    assert parse_date_line("May '91")[0] == "1991-05"
    if yy + 1 <= 90:
        assert parse_date_line(f"May '{yy + 1:02d}") is None


def test_agency_lead_dateline_uses_the_same_century_rule():
    assert lead_dateline("Kavran/03.02.95/Lakewire: The ferries ran.") == ("1995-02-03", "day")
    assert lead_dateline("Kavran/03.02.22/Lakewire: The ferries ran.") == ("2022-02-03", "day")
    assert lead_dateline("Kavran/03.02.60/Lakewire: The ferries ran.") is None


@pytest.mark.parametrize("line, shaped", [
    ("Kavran, Lakeland, Dec. 20", True), ("10 Jan. 16:00 (UTC+3 MSK)", True),
    ("Talks resume on May 20", False), ("Ferry strike ends 3 June", False),
])
def test_yearless_datelines(line, shaped):
    assert parse_date_line(line) is None
    assert date_shaped(line) is shaped


@pytest.mark.parametrize("line, want", [
    ("Mirela Tosk", True), ("Ann B. Tosk", True), ("Ines van der Varga", True), ("ŞAHIN ÖZTÜRK", True),
    ("Middle East", False), ("Staff Reporter", False), ("PRESS TV", False), ("Share Save Print", False),
    ("Mirela Tosk.", False), ("Mirela", False), ("Ferry operators expect", False), ("Port Of Kavran", False),
])
def test_name_line(line, want):
    assert name_line(line) is want


@pytest.mark.parametrize("line, want", [
    ("\"We are ready,\" Daren Hollis said", True), ("“We are ready,” said the port chief.", True),
    ("\"We are ready,\" says port chief", False), ("'Ready' ferries sail north", False),
])
def test_quoted_speech_is_past_tense_attribution(line, want):
    assert quoted_speech(line) is want


def test_small_recognisers():
    assert reads_as_sentence("Photo from the archive.") and not reads_as_sentence("Ferries sail to the U.S.")
    assert masthead("LAKE HERALD NEWS AGENCY") and masthead("Latest News") and not masthead(TITLE)
    assert header_tail("Mirela Tosk") and header_tail("Middle East") and not header_tail("and the lake shore")


def test_a_web_page_section_label_is_neither_title_nor_author(tmp_path):
    """A page whose title slot and author meta hold its section ("World", "WORLD ·") gets no title and no
    author rather than those."""
    body = "".join(f"<p>{p}</p>" for p in LEAD.split("\n\n") if p.strip())
    f = tmp_path / "a.html"
    f.write_text(f'<html><head><title>World</title></head><body><article><span class="byline">WORLD ·</span>'
                 f'{body}{body.replace("Operators", "Owners")}</article></body></html>', encoding="utf-8")
    rep = ingest_files([f])
    a = rep.articles[0]
    assert (a.title, a.authors) == (None, ())
    assert rep.passages[0].text.startswith("Operators of the lake ferries")
