"""Recognisers for the lines of an article's header: names, standfirsts, mastheads, furniture (private).

The classification of header lines lives here; :mod:`sources._parse` applies it to a header block (the short
lines before the lead; in plain text a run of lines with no blank line between them, every line its own field
unless it ends mid-phrase): furniture (:func:`header_chrome`: relative dates, codes, counters, credits) and
mastheads are never the headline; a title candidate (:func:`fits_headline`: three words or more, or two in
capitals inside a block; quotes allowed; no sentence) is weighed by position (the top-most of the block
nearest the lead); a name line, with an optional job-title line under it (:func:`job_title`), is a byline; a
sentence or subtitle below the headline is a standfirst; a line printed twice (:func:`same_line`) is one.
:func:`header_tail` serves the plain-text layout (a headline does not absorb the byline printed under it).
The line shapes that are not header-specific (datelines, bylines with "By", chrome) are in
:mod:`sources._lines`.
"""
from __future__ import annotations

import re

from sources._lines import _NAME_PARTICLES, _TERMINAL, _chrome, _pieces

# Words that are never part of a person's name on a byline line: a capitalised line of them under a
# headline is a section, an outlet, a region or page furniture ("Middle East", "Staff Reporter", "PRESS TV").
_NOT_NAME_WORDS = frozenset("""
the and of in on at for to with from by a an or new our how why what who when where is are was will not all
after over into as up out more most news analysis opinion opinions commentary comment editorial interview
feature features report reports reporter reporters correspondent staff desk agency press times post daily
weekly herald media online today review journal magazine tribune observer gazette monitor service services
network radio tv television world region regions regional business economy economics politics political
energy transport logistics society culture sport sports science technology security defence defense
diplomacy finance markets market trade industry infrastructure insight briefing explainer blog podcast video
photo photos gallery live update updates latest breaking exclusive special focus perspective view views
column letter letters home edition section global international national local share save print font size
subscribe sign login menu search east west north south central middle eastern western northern southern
asia europe africa america caucasus caspian gulf balkans
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""".split())
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*")
_SPEECH_PAST = frozenset("""said told stated noted added stressed emphasised emphasized explained warned declared
announced remarked underlined underscored recalled insisted argued claimed confirmed wrote continued concluded
replied""".split())
_OPEN_QUOTES = "\"“„«‘'"
_CLOSE_QUOTES = "\"”»’'"


_INITIAL = re.compile(r"(?:[^\W\d_]\.)+")  # "B." or "C.K."


def name_line(text: str) -> bool:
    """True for a line that is just a person's name, as a byline under a headline prints it: 2–4 capitalised
    words (initials and particles allowed: "Ann B. One", "Ursula von der Leyen"), no digits, no punctuation
    at its end, none of the words of a section, outlet or region (:data:`_NOT_NAME_WORDS`)."""
    s = text.strip()
    if not s or len(s) > 50 or s[-1] in ",;:!?" or (s[-1] == "." and not _INITIAL.fullmatch(s.split()[-1])):
        return False
    tokens = s.split()
    if not 2 <= len(tokens) <= 4:
        return False
    words = 0
    for t in tokens:
        if t.lower() in _NAME_PARTICLES:
            continue
        if _INITIAL.fullmatch(t):
            continue
        if not (_NAME_WORD.fullmatch(t) and t[0].isupper()) or t.casefold() in _NOT_NAME_WORDS:
            return False
        words += 1
    return words >= 1


def quoted_speech(text: str) -> bool:
    """True for a quoted sentence attributed in the past tense ('"We are ready," the minister said'): a
    report's words, body or standfirst, never a headline (headlines say "says")."""
    s = text.strip()
    if len(s) < 8 or s[0] not in _OPEN_QUOTES:
        return False
    close = max(s.rfind(q) for q in _CLOSE_QUOTES)
    if close <= 1:
        return False
    tail = [w.strip(",.;:—–-").lower() for w in s[close + 1:].split()]
    return 0 < len(tail) <= 12 and any(w in _SPEECH_PAST for w in tail)


def reads_as_sentence(text: str) -> bool:
    """True for a line ending in a full stop (not that of an initial or an abbreviation like "U.S."): a
    caption, standfirst or paragraph, not a headline."""
    s = text.strip()
    if not s.endswith((".", "…")) or s.endswith(".."):
        return s.endswith("…")
    last = s.split()[-1]
    return not (_INITIAL.fullmatch(last) or re.fullmatch(r"(?:[^\W\d_]\.){2,}", last))


def header_tail(text: str) -> bool:
    """True for a line that a headline above it never absorbs when it ends its block (see
    :func:`sources.readers.layout.plain_blocks`): a name (byline without "By"), a short capitalised label
    (section, outlet, region: 1–4 capitalised words, no digits, no end punctuation) or a quoted sentence
    attributed in the past tense (a standfirst)."""
    s = text.strip()
    if len(s) <= 50 and s and s[-1] not in _TERMINAL and not any(c.isdigit() for c in s):
        tokens = s.split()
        if len(tokens) <= 4 and all(t[0].isupper() or t.lower() in _NAME_PARTICLES for t in tokens):
            return True
    return quoted_speech(s)


_OUTLET_WORDS = frozenset("""agency news press tv radio times post daily weekly herald media online tribune gazette
journal observer monitor magazine review network service""".split())


def masthead(text: str) -> bool:
    """True for a line that names an outlet or a section, not a story: up to four capitalised words with an
    outlet word among them ("PRESS TV", "Steppe News Agency"), or only section, outlet and page words
    ("Share Save Print", "Latest News")."""
    words = [w.strip(".,:;!?()'\"’“”").casefold() for w in text.split()]
    words = [w for w in words if any(c.isalnum() for c in w)]  # a bullet ("• Lake News") is no word
    if not words or not all(w[0].isalpha() for w in words):
        return False
    if all(w in _NOT_NAME_WORDS for w in words):
        return True
    tokens = [t for t in text.split() if any(c.isalnum() for c in t)]
    return len(words) <= 4 and all(t[0].isupper() for t in tokens) and any(w in _OUTLET_WORDS for w in words)


def furniture_pieces(text: str) -> bool:
    """True for page furniture that is never a headline: a line of three or more pieces joined by ``|`` ``·``
    ``•`` (a language or section bar), a masthead (:func:`masthead`), or two such pieces of which one is a
    masthead ("Steppe Herald · Lake News Agency")."""
    if len(text) > 300:
        return False
    pieces = _pieces(text)
    return len(pieces) >= 3 or masthead(text) or (len(pieces) == 2 and any(masthead(p) for p in pieces))


_ROLE_WORDS = frozenset("""correspondent reporter editor writer journalist columnist contributor analyst fellow
researcher director chief head expert economist photographer producer presenter author""".split())


def job_title(text: str) -> bool:
    """True for a line that is a job title printed under a byline name ("Senior Correspondent", "Contributing
    Editor, Energy"): 1–5 words, the first capitalised, no digits, one of them a role word."""
    words = [w.strip(",.;:()").casefold() for w in text.split()]
    return 1 <= len(words) <= 5 and text.strip()[:1].isupper() and not any(c.isdigit() for c in text) \
        and any(w in _ROLE_WORDS for w in words)


_ROLE_SEP = re.compile(r"\s*,\s*|\s+[|–—-]\s+")


def name_with_role(text: str) -> str | None:
    """The name of a byline line that is a name and a job title ("Ann One, Senior Correspondent",
    "Ann One – Contributing Editor"), else None."""
    parts = _ROLE_SEP.split(text.strip(), maxsplit=1)
    return parts[0] if len(parts) == 2 and name_line(parts[0]) and job_title(parts[1]) else None


def caps_headline(text: str) -> bool:
    """True for a two-word headline in capitals ("HARBOUR BOOM"): letters only, no word of a section, outlet
    or region label (:data:`_NOT_NAME_WORDS`: "ENERGY CORRIDORS" is a kicker); longer capital lines are
    weighed like any headline."""
    words = text.split()
    return len(words) == 2 and all(w.isalpha() and w.isupper() for w in words) \
        and not any(w.casefold() in _NOT_NAME_WORDS for w in words)


_FOLD = re.compile(r"[^\w]+")


def same_line(a: str, b: str) -> bool:
    """True for two lines that print the same words (a headline printed twice), case and marks aside."""
    return _FOLD.sub(" ", a.casefold()).strip() == _FOLD.sub(" ", b.casefold()).strip() != ""


# Header lines that are page furniture, never a headline: a relative date ("Posted: 2 days ago", "Today, 09:40
# 311": a time and a view counter), a label with a number ("Item Code : 40212", "Artikel Nummer: 881").
_RELATIVE_DATE = re.compile(
    r"(?i)(?:(?:posted|published|updated)\s*:?\s*)?(?:today|yesterday|just now|an? (?:minute|hour|day|week|month|year)"
    r"\s+ago|\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago)\b[\s,|·:\d]*")
_CODE_LINE = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+){0,2}\s*[:#№]\s*[\d-]{2,}")
_BULLET = re.compile(r"[•·▪►*-]\s*")
_CREDIT = re.compile(r"(?i)\bcopyright\b|©")  # a caption with its credit


def header_chrome(text: str) -> bool:
    """True for a header line that is page furniture: a relative date or time with counters, a label with a
    number (a story code), a caption with a copyright credit, or a boilerplate line behind a bullet
    ("• Photo: …")."""
    s = text.strip()
    if len(s) > 80:
        return False
    if _RELATIVE_DATE.fullmatch(s) or _CODE_LINE.fullmatch(s) or _CREDIT.search(s):
        return True
    bare = _BULLET.sub("", s, count=1) if _BULLET.match(s) else ""
    return bool(bare) and _chrome(bare) is not None


def reads_as_headline(text: str) -> bool:
    """A headline opens with a capital or a digit (a slug or alt text often opens in lower case)."""
    first = next((c for c in text if c.isalnum()), "")
    return bool(first) and (first.isupper() or first.isdigit())


def fits_headline(text: str, in_block: bool = False) -> bool:
    """Whether a header line can be the headline at all: three words or more that hold letters (or, inside a
    header block of several lines, two words in capitals: :func:`caps_headline`), and not a sentence, a quoted
    sentence attributed in the past tense, a masthead or a bar of page furniture."""
    words = text.split()
    if header_chrome(text):
        return False
    if in_block and caps_headline(text):
        return True
    return len(words) >= 3 and sum(1 for w in words if any(c.isalpha() for c in w)) >= 3 \
        and not (reads_as_sentence(text) or quoted_speech(text) or furniture_pieces(text))


def ends_sentence_proper(s: str) -> bool:
    """Whether a line ends a sentence: a full stop, "!" or "…", or a closing quote right after one of them
    (a headline may end on a quoted phrase: 'Lake "ferry logic" and the "paper port"')."""
    if s.endswith(("\"", "”")):
        return s[:-1].rstrip().endswith((".", "!", "?", "…"))
    return s.endswith((".", "!", "…"))
