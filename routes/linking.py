"""Link passages to routes: which routes a paragraph discusses, how strongly, and on what evidence.

Knowledge comes from the route lexicon (:mod:`routes.lexicon`: names, acronyms, components, operators,
waypoints and look-alikes in data files) and from general descriptive rules (``routes/linking.toml``).
Each piece of evidence keeps its span and the kind of rule that found it:

``alias``        the route's own name, a word order, spelling, transliteration or acronym;
``component``    a named part (TANAP for ``sgc``, Rasht–Astara for ``instc``), id in the link's reason;
``operator``     a company or body that exists only for the route;
``waypoints``    a chain of the route's places (:mod:`routes.chains`);
``description``  a general descriptive pattern ("access to Nakhchivan through Syunik");
``context``      a generic reference ("the railway", "the pipeline", "the project") resolved to a route;
``override``     a curated change (:mod:`routes.overrides`).

Look-alikes (the Trans-Caspian Gas Pipeline, the Aras corridor, Lachin the district, TurkStream …) are
masked before anything else, so they never link; a look-alike named in a sentence takes that sentence's
descriptions, chains and generic references away from the routes it is mistaken for (its ``not`` list), and
one named more recently than the route takes later generic references too.

*Weak* evidence counts only in an article whose topic is the route and never grades a link: a two-place
dash chain without a transport word, a description marked ``topic_only``, and a waypoint named alone in a
sentence about transport by the route's mode ("works at Kartsakhi station" in an article about the BTK).
*Shared* components (the Port of Baku serves two corridors) yield to another route named in the paragraph.

**Article context.** The *topic routes* of an article are those named in its headline, those named in the
lead and again later, the only route the article names at all (when it names no look-alike), and the route
named most often (at least ``min_article_mentions`` times and
``dominance`` times more than the next; lead names weigh ``lead_weight``). A generic reference refers to the
nearest route named before it in the same paragraph whose nouns include it ("the BTK … the railway");
failing that, to the topic route whose nouns include it (a pipeline is not "the railway"); when several
topics fit, to the one named most recently in the article; a topic not in the headline only once the article
has named it. Footnotes take no context.

**Grading.** ``primary`` when the paragraph is substantially about the route: it is referred to at least
twice (a name and its bracketed acronym count once; a chain counts once) and at least as often as any other
route in the paragraph (a tie with a topic route goes to the topic), by name at least twice unless it is a
topic route; or it is a topic route that the headline or another passage names too and the paragraph's first
sentence (an agency dateline, "BAKU, Azerbaijan, June 18." or "TEHRAN (IRNA) –", is no sentence:
:mod:`routes.sentences`) already refers to it, by a back-reference ("The corridor …") or, in a paragraph of at
most ``opening_max_sentences`` sentences (agency copy), by any grading evidence; or a waypoint chain of three
or more places in the route's order describes it. Footnotes are never primary by their first sentence.
Everything else is a ``mention``; so is a link resting only on description patterns
marked ``strength = "mention"``.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from routes.chains import find_chains
from routes.lexicon import Lexicon, find_terms
from routes.linking_rules import RULES_PATH, Rules, check_rules, default_rules, load_rules, validate_rules
from routes.models import Evidence, Link
from routes.overrides import OVERRIDES_PATH, STRENGTHS, Override, apply_overrides, check_overrides, load_overrides
from routes.rulescan import RuleScan, Scan, rule_scan
from routes.sentences import sentences
from sources.models import Article, Passage

EXPLICIT = ("alias", "component", "operator", "waypoints", "description")
_SENT_END = re.compile(r"[.!?;](?=\s|$)")
LOOKALIKE = "~lookalike"  # pseudo-route of look-alike names: they take generic references away, never link

__all__ = ["Cue", "RULES_PATH", "Rules", "OVERRIDES_PATH", "STRENGTHS", "Override", "apply_overrides",
           "check_overrides", "load_overrides", "load_rules", "default_rules", "explicit_evidence", "links_for_article",
           "links_for_corpus", "links_by_passage", "grade", "references", "article_topics", "check_rules",
           "validate_rules"]
LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Cue:
    """Words in a passage that refer to a route while linking: where, which rule recognised them, and the flags
    grading needs. A link keeps each as a :class:`routes.models.Evidence` (span, words, kind)."""

    start: int
    end: int
    text: str
    how: str  # alias | component | operator | waypoints | description | context
    capped: bool = False
    ref: str = ""  # component id, operator, chain places
    strong: bool = False  # a chain of 3+ places in route order
    weak: bool = False  # counts only in an article whose topic is the route
    shared: bool = False  # a component several routes use: dropped when another route is named and this is no topic


def _overlaps(s: int, e: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a < e and s < b for a, b in spans)


def _blocked(scan: Scan, rs: RuleScan) -> list[tuple[int, int]]:
    """Spans of the blocks (wording that looks like a route's but is something else)."""
    if scan.blocked is None:
        scan.blocked = [m.span() for b in rs.blocks if scan.wanted(b) for m in scan.matches(b)]
    return list(scan.blocked)


def explicit_evidence(text: str, rules: Rules, scan: Scan | None = None) -> dict[str, list[Cue]]:
    """Lexicon, chain and pattern evidence per route in one passage; look-alikes and blocks are masked.

    ``scan`` is the passage's :class:`routes.rulescan.Scan` when the caller has it (context reuses it)."""
    rs = rule_scan(rules)
    scan = scan or Scan(text, rs)
    blocked = _blocked(scan, rs)
    hits = [h for h in find_terms(text, rules.lexicon) if not _overlaps(h.start, h.end, blocked)]
    found: dict[str, dict[tuple[int, int], Cue]] = {}

    def put(rid: str, ev: Cue) -> None:
        spans = found.setdefault(rid, {})
        old = spans.get((ev.start, ev.end))
        if old is None or (old.how == "alias" and ev.how == "component"):
            spans[(ev.start, ev.end)] = ev

    for h in hits:
        if h.term.kind in ("alias", "component", "operator"):
            put(h.term.route, Cue(h.start, h.end, text[h.start:h.end], h.term.kind,
                                       ref=h.term.ref if h.term.kind != "alias" else "", shared=h.term.shared))
    chains = find_chains(text, [h for h in hits if h.term.kind == "place"], rules.lexicon, rules.fuzzy_threshold)
    for h, rid in _lone_waypoints(text, hits, chains, rules.lexicon):
        put(rid, Cue(h.start, h.end, text[h.start:h.end], "waypoints", True, h.term.ref + " (lone)", weak=True))
    for c in chains:
        for rid in c.routes:
            put(rid, Cue(c.start, c.end, text[c.start:c.end], "waypoints", capped=c.weak, weak=c.weak,
                              ref=">".join(c.places) + (" (weak)" if c.weak else ""),
                              strong=len(c.places) >= 3 and c.ordered))
    taken = blocked + [(e.start, e.end) for evs in found.values() for e in evs.values()]
    looks = [(h.start, h.end) for h in hits if h.term.kind == "lookalike"]
    for (rid, _, capped, topic_only, _), rule in zip(rules.patterns, rs.patterns):
        if not scan.wanted(rule):  # words a match cannot do without
            continue
        for m in scan.matches(rule):
            # a description may run into a look-alike ("the road to Lachin city") but not start inside one
            if not _overlaps(m.start(), m.end(), taken) and not any(a <= m.start() < b for a, b in looks):
                put(rid, Cue(m.start(), m.end(), m.group(0), "description", capped or topic_only, weak=topic_only))
                taken.append((m.start(), m.end()))
    for h in hits:
        if h.term.kind == "lookalike":
            put(LOOKALIKE, Cue(h.start, h.end, text[h.start:h.end], "lookalike", ref=",".join(h.term.confuses)))
    out = {rid: sorted(evs.values(), key=lambda e: e.start) for rid, evs in found.items()}
    return _drop_confused_descriptions(text, out)


def _lone_waypoints(text: str, hits: list, chains: list, lexicon: Lexicon) -> list[tuple[object, str]]:
    """Places named alone (in no chain) in a sentence about transport by the route's mode: ``(hit, route)``
    pairs that are evidence only for a topic route. Capitals and states are left out (they stand for
    governments); a "road" sentence is no evidence for a railway or a pipeline.
    """
    from routes.chains import fits_mode
    in_chain = {span for c in chains for span in c.spans}
    out = []
    for h in hits:
        if h.term.kind != "place" or h.term.ref in lexicon.capitals or h.term.ref in lexicon.countries:
            continue
        if (h.start, h.end) in in_chain:
            continue
        s0, e0 = _sentence(text, h.start)
        for rid in lexicon.route_of_place.get(h.term.ref, ()):
            r = lexicon.routes[rid]
            if fits_mode(text, s0, e0, frozenset((*r.modes, r.mode))):
                out.append((h, rid))
    return out


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = max((m.end() for m in _SENT_END.finditer(text, 0, pos)), default=0)
    m = _SENT_END.search(text, pos)
    return start, m.end() if m else len(text)


def _confused_in(text: str, ev: dict[str, list[Cue]], pos: int, own: tuple[int, int] = (0, 0)) -> set[str]:
    """Routes a look-alike named in the same sentence as ``pos`` (outside the span ``own``) is mistaken for."""
    s0, e0 = _sentence(text, pos)
    return {r for e in ev.get(LOOKALIKE, []) if s0 <= e.start < e0 and not (own[0] < e.end and e.start < own[1])
            for r in e.ref.split(",") if r}


def _drop_confused_descriptions(text: str, ev: dict[str, list[Cue]]) -> dict[str, list[Cue]]:
    """A description or waypoint chain in a sentence that names a look-alike of its route describes the look-alike."""
    if LOOKALIKE not in ev:
        return ev
    out = {}
    for rid, evs in ev.items():
        keep = [e for e in evs if e.how not in ("description", "waypoints")
                or rid not in _confused_in(text, ev, e.start, (e.start, e.end))]
        if keep:
            out[rid] = keep
    return out


def context_evidence(text: str, rules: Rules, explicit: dict[str, list[Cue]], scan: Scan | None = None) -> list[Cue]:
    """Generic references ("the railway", "the pipeline") not part of explicit evidence, a look-alike or a block.

    ``explicit`` is :func:`explicit_evidence` of the same text (its look-alikes included); ``scan`` its
    :class:`routes.rulescan.Scan` when the caller has it.
    """
    rs = rule_scan(rules)
    scan = scan or Scan(text, rs)
    if not scan.wanted(rs.context):
        return []
    spans = [(ev.start, ev.end) for evs in explicit.values() for ev in evs] + _blocked(scan, rs)
    return [Cue(m.start(), m.end(), m.group(0), "context", ref=" ".join(m.group("noun").lower().split()))
            for m in scan.matches(rs.context) if not _overlaps(m.start(), m.end(), spans)]


def article_topics(headline: dict[str, list[Cue]], evidence_by_passage: list[dict[str, list[Cue]]],
                   rules: Rules) -> list[str]:
    """The routes an article is about, strongest first (see the module docstring)."""
    counts: Counter[str] = Counter()
    later: Counter[str] = Counter()
    for i, ev in enumerate(evidence_by_passage):
        for rid, evs in ev.items():
            n = sum(1 for e in evs if not e.capped)
            counts[rid] += n * (rules.lead_weight if i == 0 else 1)
            if i > 0:
                later[rid] += n
    topics = [rid for rid in headline if any(not e.capped for e in headline[rid])]
    if counts:
        (top, n), *rest = counts.most_common()
        if n >= rules.min_article_mentions and n >= rules.dominance * (rest[0][1] if rest else 0):
            topics.append(top)
    lead = evidence_by_passage[0] if evidence_by_passage else {}
    topics += [rid for rid, evs in lead.items() if later[rid] >= 1 and any(not e.capped for e in evs)]
    named = [rid for rid, n in counts.items() if n and rid != LOOKALIKE]
    if len(named) == 1 and LOOKALIKE not in counts:  # the only route an article names is what it is about
        topics.append(named[0])
    return list(dict.fromkeys(topics))


def references(evidence: list[Cue], text: str) -> int:
    """How many times a route is referred to: a name and its acronym in brackets ("… (INSTC)") count once."""
    n, last_end = 0, -10
    for e in sorted(evidence, key=lambda e: e.start):
        if not (0 <= e.start - last_end <= 3 and text[last_end:e.start].strip() in ("(", "", "“", "\"")):
            n += 1
        last_end = max(last_end, e.end)
    return n


def grade(evidence: list[Cue], text: str, *, others: int = 0, tied_with_topic: bool = False,
          is_topic: bool = False, topic_elsewhere: bool = False, opening_max_sentences: int = 3) -> str:
    """``primary`` if the paragraph is substantially about the route, else ``mention`` (module docstring)."""
    if all(e.capped for e in evidence):
        return "mention"
    strong = [e for e in evidence if not e.weak]  # weak evidence only decides whether there is a link at all
    refs = references(strong, text)
    named = references([e for e in strong if e.how != "context"], text)
    if refs >= 2 and refs >= others and not tied_with_topic and (named >= 2 or is_topic):
        return "primary"
    if any(e.strong for e in evidence):
        return "primary"
    if is_topic and topic_elsewhere and opens_with(strong, text, opening_max_sentences):
        return "primary"
    return "mention"


def opens_with(evidence: list[Cue], text: str, max_sentences: int) -> bool:
    """The paragraph's first sentence (past an agency dateline: :mod:`routes.sentences`) refers to the route:
    by a back-reference ("the corridor") in any paragraph, by a name in one of at most ``max_sentences``."""
    found = sentences(text)
    if not found:
        return False
    start, end = found[0]
    opening = [e for e in evidence if start <= e.start < end and not e.capped]
    return any(e.how == "context" for e in opening) or (bool(opening) and len(found) <= max_sentences)


def _attribute_context(text: str, ctx: list[Cue], explicit: dict[str, list[Cue]], topics: list[str],
                       recent: dict[str, int], look_recent: dict[str, int], rules: Rules,
                       headline: frozenset[str] = frozenset()) -> dict[str, list[Cue]]:
    """Decide which route each generic reference points at (module docstring); unresolved ones are dropped."""
    out: dict[str, list[Cue]] = {}
    for c in ctx:
        blocked = _confused_in(text, explicit, c.start)
        fits = [rid for rid, nouns in rules.nouns.items() if c.ref in nouns and rid not in blocked]
        before = [(e.end, rid, e) for rid, evs in explicit.items() if rid in fits or rid == LOOKALIKE for e in evs
                  if e.end <= c.start and e.how in (*EXPLICIT, "lookalike") and not e.weak]
        if before:
            _, rid, e = max(before, key=lambda b: b[0])
            if rid == LOOKALIKE:
                if not e.ref or set(e.ref.split(",")) & set(fits):
                    continue  # the reference is to the look-alike just named
                real = [b for b in before if b[1] != LOOKALIKE]
                if real:
                    out.setdefault(max(real, key=lambda b: b[0])[1], []).append(c)
                continue
            out.setdefault(rid, []).append(c)
            continue
        # a topic not in the headline is only referred to once the article has named it, and not when a
        # look-alike of it was named more recently than the route itself
        cands = [t for t in topics if t in fits and (t in headline or t in recent)
                 and look_recent.get(t, -1) <= recent.get(t, -1)]
        if cands:
            out.setdefault(max(cands, key=lambda t: (recent.get(t, -1), -topics.index(t))), []).append(c)
    return out


def _topic_filter(ev: dict[str, list[Cue]], topics: list[str], rules: Rules) -> dict[str, list[Cue]]:
    """Drop evidence that only counts for a topic route: weak chains, shared components next to another
    named route, and descriptions of a route that shares ground with the article's topic."""
    named = {rid for rid, evs in ev.items() if rid != LOOKALIKE and any(not e.shared and not e.weak for e in evs)}
    sharing = _shared_with(topics, rules)
    out = {}
    for rid, evs in ev.items():
        keep = [e for e in evs if (not e.weak or rid in topics)
                and (not e.shared or rid in topics or not (named - {rid}))]
        if rid not in topics and rid in sharing and all(e.how == "description" for e in keep):
            keep = []
        if keep:
            out[rid] = keep
    return out


def _shared_with(topics: list[str], rules: Rules) -> set[str]:
    """Routes on the same ground as a topic route (either direction of ``shares_ground_with``)."""
    out: set[str] = set()
    for rid, r in rules.lexicon.routes.items():
        for other in r.shares_ground_with:
            if rid in topics:
                out.add(other)
            if other in topics:
                out.add(rid)
    return out


def links_for_article(passages: list[Passage], rules: Rules | None = None, headline: str | None = None) -> list[Link]:
    """Rule-based links for the passages of one article (context needs the whole article and its headline)."""
    rules = rules or default_rules()
    rs = rule_scan(rules)
    scans = [Scan(p.text, rs) for p in passages]
    explicit = [explicit_evidence(p.text, rules, sc) for p, sc in zip(passages, scans)]
    head = explicit_evidence(headline, rules) if headline else {}
    topics = article_topics(head, explicit, rules)
    links: list[Link] = []
    recent: dict[str, int] = {}
    look_recent: dict[str, int] = {}
    for i, (p, ev) in enumerate(zip(passages, explicit)):
        ev = _topic_filter(ev, topics, rules)
        if p.kind != "footnote":
            ctx = context_evidence(p.text, rules, ev, scans[i])
            found_by = _attribute_context(p.text, ctx, ev, topics, recent, look_recent, rules, frozenset(head))
            for rid, found in found_by.items():
                ev.setdefault(rid, []).extend(found)
        for rid, evs in explicit[i].items():
            if any(not e.weak for e in evs):
                recent[rid] = i
        for e in explicit[i].get(LOOKALIKE, []):
            look_recent.update((r, i) for r in e.ref.split(",") if r)
        ev.pop(LOOKALIKE, None)
        refs = {rid: references([e for e in evs if not e.weak], p.text) for rid, evs in ev.items()}
        for rid, evs in sorted(ev.items()):
            evs.sort(key=lambda e: e.start)
            others = max((n for r, n in refs.items() if r != rid), default=0)
            tied = any(t != rid and refs.get(t, 0) == refs[rid] for t in [t for t in topics if t != LOOKALIKE][:1])
            # the opening rule needs the article to be about the route apart from this paragraph (its headline
            # or another passage names it); a footnote is never primary by its opening
            elsewhere = p.kind != "footnote" and (rid in head
                                                  or any(rid in x for j, x in enumerate(explicit) if j != i))
            strength = grade(evs, p.text, others=others, tied_with_topic=tied, is_topic=rid in topics,
                             topic_elsewhere=elsewhere, opening_max_sentences=rules.opening_max_sentences)
            reason = "; ".join(sorted({e.how + (f" {e.ref}" if e.ref and e.how != "context" else "") for e in evs}))
            spans = tuple(Evidence(e.start, e.end, e.text, e.how) for e in evs)
            links.append(Link(p.id, rid, strength, "rule", spans, reason))
    return links


def links_for_corpus(passages: Iterable[Passage], articles: Iterable[Article] = (), *,
                     rules: Rules | None = None, overrides_path: str | Path | None = None,
                     user_overrides_path: str | Path | None = None) -> list[Link]:
    """All links for a corpus: rules per article (with its headline), then the curated overrides, then the
    user's corrections (:mod:`corridors.corrections`), which win over both."""
    by_article: dict[str, list[Passage]] = {}
    for p in passages:
        by_article.setdefault(p.article_id, []).append(p)
    titles = {a.id: a.title for a in articles}
    links: list[Link] = []
    for aid, ps in by_article.items():
        links.extend(links_for_article(ps, rules, titles.get(aid)))
    overrides, _ = load_overrides(overrides_path)
    if user_overrides_path is not None and Path(user_overrides_path).is_file():
        user, bad = load_overrides(user_overrides_path)
        for line in bad:
            LOG.warning("user overrides skipped: %s", line)
        overrides = [*overrides, *user]
    known = {p.id for ps in by_article.values() for p in ps}
    return apply_overrides(links, [o for o in overrides if o.passage in known])


def links_by_passage(links: Iterable[Link]) -> Mapping[str, dict[str, str]]:
    """``{passage_id: {route_id: strength}}`` (for evaluation)."""
    out: dict[str, dict[str, str]] = {}
    for lk in links:
        out.setdefault(lk.passage_id, {})[lk.route_id] = lk.strength
    return out
