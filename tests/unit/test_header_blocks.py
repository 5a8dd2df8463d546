"""Header blocks read line by line: every short line of a header block is its own field.

Every text here is invented and neutral (lake ferries, made-up people and outlets). Each case says which rule
it is for: lines of a header block are never joined into one title (unless a line ends mid-phrase), furniture
lines (codes, counters, relative dates, credits) are never the headline, the top-most headline of the block
wins over a subtitle, a headline printed twice is one, a date bar above the headline gives way to the article's
date below it, and bylines with a label, initials or a job-title line are read.
"""
from __future__ import annotations

import pytest

from sources._header import caps_headline, header_chrome, job_title, name_line, name_with_role, same_line
from sources._lines import byline_names, lead_dateline, parse_date_line, split_authors
from sources.ingest import ingest_files

TITLE = "Ferry operators expect a busier season on the lake"
SUB = "New quays let heavier barges reach the northern shore from the spring onwards"
STAND = "The channel was dredged over the summer, the port authority said."
LEAD = ("Operators of the lake ferries expect a busier season after the channel was dredged over the summer, "
        "the port authority said on Monday.\n\nThe first convoy is due to leave next week, officials said.\n")

# (id, header block, title, authors, date, why)
BLOCKS = [
    ("code-line", f"{TITLE}\nItem Code : 40212", TITLE, [], None,
     "a label with a number under the headline is its own line, not the end of the title"),
    ("counter-line", f"{TITLE}\nToday, 09:40 311", TITLE, [], None,
     "a relative time with a view counter is furniture: no title part and no date"),
    ("subtitle", f"{TITLE}\n{SUB}\nBy Mirela Tosk", TITLE, ["Mirela Tosk"], None,
     "a subtitle under the headline is not joined to it, nor taken instead of it (top-most headline wins)"),
    ("empty-author-label", f"{TITLE}\nAuthor:", TITLE, [], None,
     "an empty 'Author:' label is no part of the title and gives no author"),
    ("authors-label", f"{TITLE}\n3 March 2024\nAuthors Mirela Tosk, Daren Hollis", TITLE,
     ["Mirela Tosk", "Daren Hollis"], "2024-03-03", "'Authors A, B' without a colon is a byline, not the title"),
    ("caps-two-words-and-date-bar", f"3 March 2024\nFriday, 10:03\nHARBOUR BOOM\n{SUB}\nAuthor:\n05.03.2024",
     "HARBOUR BOOM", [], "2024-03-05",
     "a two-word headline in capitals inside a header block; the site's date bar above the headline gives way "
     "to the article's date line below it"),
    ("quoted-title", "Kavran's \"ferry logic\" and the lake's \"paper port\"\n"
                     "Or how the northern quay ... became a \"gateway\" tale",
     "Kavran's \"ferry logic\" and the lake's \"paper port\"", [], None,
     "a headline ending on a quoted phrase is not a sentence (it does not open the article as a paragraph)"),
    ("printed-twice", f"{TITLE}\n{TITLE}\n{SUB}", TITLE, [], None, "a headline printed twice is the title once"),
    ("caption-with-credit", f"{TITLE}\nThe northern quay, May 2023\nThe northern quay, May 2023 Copyright Lake "
                            f"Herald\nBy Mirela Tosk\nPublished on\n{STAND}", TITLE, ["Mirela Tosk"], None,
     "a photo caption with a month and year is no date and no title; 'Published on' alone gives no date"),
    ("lowercase-by-initials", f"{TITLE}\nMar 3, 2024 09:10 AM\nby Ann C.K. Tosk", TITLE, ["Ann C.K. Tosk"],
     "2024-03-03", "'by' in lower case with initials 'C.K.' is a byline, the name kept whole"),
    ("name-and-job-title", f"{TITLE}\n3 March 2024\n{STAND}\nMirela Tosk\nSenior Energy Correspondent", TITLE,
     ["Mirela Tosk"], "2024-03-03", "a name line followed by a job-title line is the byline; the sentence "
                                    "between date and name is a standfirst, not the lead"),
    ("name-comma-job-title", f"{TITLE}\nMirela Tosk, Senior Correspondent\n3 March 2024", TITLE, ["Mirela Tosk"],
     "2024-03-03", "a name and its job title on one line is the byline (the name only)"),
    ("bullet-kicker", f"• Lake News Service\n{TITLE}\n{STAND}\nby: Mirela Tosk", TITLE, ["Mirela Tosk"], None,
     "a kicker behind a bullet is a masthead, not the headline"),
    ("bullet-photo-credit", f"• Photo: Lake Herald\nItem Number: 881\n{TITLE}", TITLE, [], None,
     "a photo credit behind a bullet and a numbered label are furniture"),
    ("date-first-only", f"3 March 2024 - 14:52 LST\n{TITLE}", TITLE, [], "2024-03-03",
     "a date above the headline is the date when none is printed below it"),
    ("relative-date-first", f"Posted: 2 days ago\n{TITLE}", TITLE, [], None,
     "a relative date above the headline is furniture: not the headline, no date"),
    ("wrapped-mid-phrase", "Ferry operators expect a busier season on the\nNorthern Lake Shore\nBy Mirela Tosk",
     "Ferry operators expect a busier season on the Northern Lake Shore", ["Mirela Tosk"], None,
     "a headline line ending on a joining word is continued by the next line"),
    ("no-clear-title", "Posted: 2 days ago\nItem Code : 40212", None, [], None,
     "only furniture: no title rather than a wrong one"),
    ("standfirst-between-title-and-name", f"{TITLE}\n{STAND}\nMirela Tosk", TITLE, ["Mirela Tosk"], None,
     "a sentence between the headline and a name line of the same block is a standfirst, not the lead"),
    ("standfirst-ends-block", f"{TITLE}\nBy Mirela Tosk\n{STAND}", TITLE, ["Mirela Tosk"], None,
     "a sentence ending the header block under a byline is a standfirst, not the lead"),
]


@pytest.mark.parametrize("head, title, authors, when, why", [s[1:] for s in BLOCKS], ids=[s[0] for s in BLOCKS])
def test_header_block(tmp_path, head, title, authors, when, why):
    f = tmp_path / "a.txt"
    f.write_text(f"{head}\n\n{LEAD}", encoding="utf-8")
    rep = ingest_files([f])
    assert len(rep.articles) == 1, why
    a = rep.articles[0]
    assert (a.title, list(a.authors), a.date) == (title, authors, when), why
    assert rep.passages[0].text.startswith("Operators of the lake ferries"), why
    assert [p.kind for p in rep.passages] == ["lead", "body"], why


def test_standfirst_and_furniture_lines_say_what_they_are(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f"{TITLE}\n{SUB}\nItem Code : 40212\n\n{LEAD}", encoding="utf-8")
    reasons = {x.line: x.reason for x in ingest_files([f]).fates}
    assert reasons[1] == "header: title"
    assert reasons[2] == "header: standfirst (not a passage)"
    assert reasons[3].startswith("site chrome: header furniture")


def test_a_headline_printed_twice_is_reported_as_a_repeat(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f"{TITLE}\n{TITLE}\n{SUB}\n\n{LEAD}", encoding="utf-8")
    reasons = {x.line: x.reason for x in ingest_files([f]).fates}
    assert (reasons[1], reasons[2]) == ("header: title", "site chrome: headline repeated")


def test_a_hard_wrapped_file_keeps_the_layouts_joins(tmp_path):
    """In a hard-wrapped file the header block is not cut line by line: the layout's wrap decisions stand."""
    wrapped = ("The new timetable for the northern crossings, with two more sailings every week from the\n"
               "spring, was agreed on Monday by the port board and the union after a long winter of talks\n"
               "about the dredging of the channel and the cost of the new quays on the northern shore.\n\n")
    head = ("Ferry operators on the northern lake expect a much busier season this year as crews\n"
            "deepen the channel\n")
    f = tmp_path / "a.txt"
    f.write_text(head + "\n" + wrapped * 3, encoding="utf-8")
    a = ingest_files([f]).articles[0]
    assert a.title == "Ferry operators on the northern lake expect a much busier season this year as crews " \
                      "deepen the channel"


@pytest.mark.parametrize("text, lead", [
    ("By Mirela Tosk\nThe ferries ran again on Monday, the port said.\nThe second convoy left on Tuesday, "
     "the port said.\n", "The ferries ran again"),
    (f"{TITLE}\nBy Mirela Tosk\n{STAND}\nThe second convoy left on Tuesday, the port said.\n\n{LEAD}",
     "The second convoy"),
])
def test_paragraphs_without_blank_lines_are_no_header_block(tmp_path, text, lead):
    """Where no blank line sets the body off (one paragraph a line), or after one standfirst, a sentence
    under the header is a paragraph."""
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    rep = ingest_files([f])
    assert rep.articles[0].authors == ("Mirela Tosk",)
    assert rep.passages[0].text.startswith(lead)


def test_lead_dateline_with_the_month_in_words():
    assert lead_dateline("KAVRAN, MAY 3 2024, (Lake Wire) — Operators of the ferries") == ("2024-05-03", "day")
    assert lead_dateline("3 May 2024 (Lake Wire) - Operators of the ferries") == ("2024-05-03", "day")
    assert lead_dateline("3 May 2024 was the day the ferries ran again.") is None  # no dash: a sentence
    assert lead_dateline("KAVRAN, May 3 - Operators") is None  # no year


def test_uppercase_dateline_in_a_headerless_file(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f"KAVRAN, MAY 3 2024, (Lake Wire) — {LEAD}", encoding="utf-8")
    a = ingest_files([f]).articles[0]
    assert (a.title, a.date) == (None, "2024-05-03")


@pytest.mark.parametrize("line, iso", [
    ("The northern quay, May 2023", None), ("Politics, May 2023", ("2023-05", "month")),
    ("Published on", None),
])
def test_month_and_year_beside_lower_case_words_is_a_caption(line, iso):
    assert parse_date_line(line) == iso


def test_small_block_recognisers():
    assert header_chrome("Item Code : 40212") and header_chrome("Today, 09:40 311")
    assert header_chrome("Posted: 2 days ago") and header_chrome("• Photo: Lake Herald")
    assert header_chrome("The northern quay Copyright Lake Herald") and not header_chrome(TITLE)
    assert not header_chrome("Ferries resume after 40 days")
    assert job_title("Senior Energy Correspondent") and job_title("Contributing Editor")
    assert not job_title("Mirela Tosk") and not job_title(TITLE)
    assert caps_headline("HARBOUR BOOM") and not caps_headline("MIDDLE EAST") and not caps_headline("Harbour Boom")
    assert not caps_headline("ENERGY CORRIDORS")  # one section word makes it a kicker
    assert same_line(TITLE, TITLE.upper() + ".") and not same_line(TITLE, SUB)
    assert name_line("Ann C.K. Tosk")
    assert name_with_role("Mirela Tosk – Contributing Editor") == "Mirela Tosk"
    assert name_with_role("Kavran, Northern Lake") is None and name_with_role("Mirela Tosk") is None


@pytest.mark.parametrize("line, names", [
    ("Authors Mirela Tosk, Daren Hollis", ["Mirela Tosk", "Daren Hollis"]),
    ("Authors say the ferries will run", None),
    ("by Ann C.K. Tosk", ["Ann C.K. Tosk"]),
    ("By Ann B. Tosk", ["Ann B. Tosk"]),
])
def test_bylines(line, names):
    assert byline_names(line) == names


def test_a_full_stop_after_a_name_still_ends_the_names():
    assert split_authors("Mirela Tosk. Lake Herald") == ["Mirela Tosk"]
