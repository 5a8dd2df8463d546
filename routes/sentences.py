"""A paragraph's own sentences (offsets only), past a news-agency dateline.

Agency copy opens its first paragraph with a *dateline*: the place it was filed from (upper-case, or
capitalised when a date or an agency follows), optionally a region or country, optionally a date, optionally
the agency in brackets or slashes, then a full stop, colon or dash (``PLACE, Country, Month D.``,
``PLACE (AGENCY) –``, ``PLACE, Month D. /AGENCY/.``, ``Place, Mon D (AGENCY)``, ``Place/dd.mm.yy/Agency:``,
``Month D, Agency.``, ``Place. D Month. AGENCY/``, ``PLACE /Region/, Month D.``, ``PLACE. AGENCY``).
It is no sentence of the paragraph: grading looks at the sentence after it. The text
is never changed; these functions only return offsets. A sentence that merely starts with an upper-case
acronym ("NATO said …", "BTC pipeline …") is no dateline: an upper-case word alone must be followed by a
dash and a capitalised word, and a bracket after it by a dash.
"""
from __future__ import annotations

import re

__all__ = ["dateline_end", "first_sentence", "sentences"]

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE = (rf"(?:{_MONTH}\.?\s*\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"  # June 18 / Dec.12 / June 18, 2025
         rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?(?:,?\s+\d{{4}})?"  # 18 June / 10 Jan. / 18 June 2025
         r"|\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})"  # 03.02.22 / 14.11.2024
         r"|\d{4}-\d{2}-\d{2})")
_CAPS = r"[A-Z][A-Z'’.\-]{2,}(?:\s+[A-Z][A-Z'’.\-]+){0,3}"  # ASTANA, NEW YORK, ST. PETERSBURG, NUR-SULTAN
_NAME = r"[A-Z][a-zà-ÿ'’\-]+(?:[\s\-][A-Z][a-zà-ÿ'’\-]+){0,2}"  # Mumbai, New Delhi, Nur-Sultan
_WORDS = r"[A-Z][A-Za-zà-ÿ'’.\-]*(?:\s+[A-Z][A-Za-zà-ÿ'’.\-]*){0,2}"
_REGION = rf"(?:,\s*{_WORDS}|\s*/\s*{_WORDS}\s*/|\s*\(\s*{_WORDS}\s*\))"  # , Kazakhstan / /Kyrgyzstan/ / (Georgia)
_AGENCY = r"(?:\(\s*[A-Z][\w.&'’/\- ]{0,30}\)|/\s*[A-Z][\w.&'’\- ]{0,30}/)"  # (IRNA) / (AA) / /TASS/
_TOKEN = r"[A-Z][\w&'’\-]*(?:[./][\w&'’\-]+)*"  # an agency written bare: Trend, Fineko/abc.az, REPORT.AZ
_END = r"(?:\s*(?:[.:]|\s[-–—]+|[–—]+)(?=\s)|\s*[-–—]+(?=\s))"  # . / : / – / -
_NEXT = r"(?=\s*[\"“‘'(\[]?[A-Z0-9])"  # what follows a dateline: a new sentence
_DATELINE = re.compile(rf"""
    \s*(?:
        # PLACE/Place [, Region]* , DATE [.] [AGENCY] then a stop or dash, or the agency alone ends it
        (?:{_CAPS}|{_NAME}){_REGION}{{0,2}}\s*[,./]?\s*{_DATE}(?:\.?\s*(?:{_AGENCY}|/\s*{_TOKEN}|{_TOKEN}/))?
        (?:{_END}|(?<=[)/]))
      | # PLACE [, Region]* (AGENCY) – / Place (AGENCY) –
        (?:{_CAPS}|{_NAME}){_REGION}{{0,2}}\s*{_AGENCY}{_END}
      | # PLACE [, Region]* –   (upper-case place alone: a dash must follow)
        {_CAPS}{_REGION}{{0,2}}\s*[-–—]+(?=\s)
      | # PLACE, Region.   (upper-case place and its region, then a full stop)
        {_CAPS}{_REGION}{{1,2}}\.(?=\s)
      | # PLACE. AGENCY [–]   (upper-case place, full stop, the agency as one upper-case word)
        {_CAPS}\.\s+[A-Z][A-Z.\-]{{2,}}(?:{_END}|(?=\s))
      | # Month D, Agency.  /  D Month. AGENCY/
        {_DATE}(?:\s*[.,]?\s*{_TOKEN}/?)?{_END}
    ){_NEXT}
    """, re.VERBOSE)
# a full stop that ends no sentence: before a lower-case word, after an honorific, after a month abbreviation
# before a day or a year
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Rep|No|Nos|vs|approx|etc|e\.g|i\.e)\.$")
_MONTH_ABBR = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")
_SENT_END = re.compile(r"[.!?][\"”’')\]]?(?=\s|$)")


def dateline_end(text: str) -> int:
    """Offset where the paragraph proper starts: past a dateline at its very start (module docstring), else 0."""
    m = _DATELINE.match(text)
    if not m:
        return 0
    end = m.end()
    return end + len(text[end:]) - len(text[end:].lstrip())


def sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of a paragraph, a leading dateline skipped (it is no sentence)."""
    out: list[tuple[int, int]] = []
    start = dateline_end(text)
    for m in _SENT_END.finditer(text, start):
        if text[m.start()] == "." and _abbreviation(text, m.start(), m.end()):
            continue
        out.append((start, m.end()))
        start = m.end() + len(text[m.end():]) - len(text[m.end():].lstrip())
    if text[start:].strip():
        out.append((start, len(text.rstrip())))
    return out


def first_sentence(text: str) -> tuple[int, int]:
    """``(start, end)`` of the paragraph's first sentence, a leading dateline skipped."""
    found = sentences(text)
    return found[0] if found else (dateline_end(text), len(text))


def _abbreviation(text: str, dot: int, end: int) -> bool:
    """The full stop at ``dot`` closes an abbreviation ("Dr.", "Jan. 12", "U.S. and"), not a sentence."""
    after = text[end:].lstrip()[:1]
    if after.islower():
        return True
    before = text[max(0, dot - 7):dot + 1]
    if _HONORIFIC.search(before):
        return True
    return bool(_MONTH_ABBR.search(before)) and after.isdigit()
