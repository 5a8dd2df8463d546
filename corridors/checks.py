"""Collect every problem ``corridors check`` reports: corpus, catalogs, layers, overrides."""
from __future__ import annotations

from pathlib import Path

from sources.actors import load_actors
from sources.catalog import CATALOG_PATH, load_catalog
from sources.ingest import BUNDLED_CORPUS, corpus_files, ingest_files


def corpus_problems(corpus_dirs: tuple[Path, ...]) -> tuple[list[str], list[str], list]:
    """Problems and warnings of ingesting the corpus, plus the ingested passages (for later checks)."""
    report = ingest_files(corpus_files(list(corpus_dirs)))
    problems = list(report.problems)
    if not report.passages:
        shown = ", ".join(str(d) for d in corpus_dirs)
        problems.append(f"{shown}: empty corpus: no passages found in {len(report.files)} article file(s)")
    entries, _ = load_catalog()
    ids = {a.id for a in report.articles}
    # The catalog describes the bundled corpus: entries unmatched by a user's own corpus are expected.
    bundled = any(Path(d).resolve() == BUNDLED_CORPUS.resolve() for d in corpus_dirs)
    for e in entries if bundled else ():
        if e.id not in ids:
            problems.append(f"{CATALOG_PATH}:{e.line}: catalog entry {e.id!r} matches no article "
                            f"(its 'match' text is not the opening of any first paragraph)")
    warnings = list(report.warnings)
    for a in report.articles:
        warnings.extend(f"{a.sources[0].file}:{a.sources[0].first_line}: article {a.id}: {f}" for f in a.flags)
    return problems, warnings, list(report.passages)


def history_problems(corpus_dirs: tuple[Path, ...], passages: list) -> tuple[list[str], list[str]]:
    """Problems and warnings of ``geo/history.toml``: dates, order, statuses, segments, sources, lengths.

    Passage sources are looked up only when the bundled corpus is checked (they cite it).
    """
    from geo.facts import figure_lengths
    from geo.history import MAX_SHORTFALL, HISTORY_FILE, check_history
    from geo.layers import load_layers
    from routes.catalog import load_catalog

    layers = load_layers()
    bundled = any(Path(d).resolve() == BUNDLED_CORPUS.resolve() for d in corpus_dirs)
    problems, warnings = check_history(
        segment_status_by_id=dict(zip(layers.segments["id"], layers.segments["status"])),
        routes=list(load_catalog()), passage_ids={p.id for p in passages} if bundled else None)
    for fig, drawn in figure_lengths(layers):
        if drawn < fig.length_km * (1 - MAX_SHORTFALL):
            line = (f"{HISTORY_FILE}: figure {fig.id!r}: drawn line {drawn:,.0f} km is "
                    f"{1 - drawn / fig.length_km:.0%} shorter than the published {fig.length_km:,.0f} km")
            (problems if fig.main else warnings).append(line)
    return problems, warnings


def all_problems(corpus_dirs: tuple[Path, ...]) -> tuple[list[str], list[str]]:
    """Every problem (non-zero exit) and warning across corpus, catalogs, layers, history and overrides."""
    from sources._lines import check_boilerplate

    if rules := check_boilerplate():
        return rules, []  # the corpus cannot be parsed with broken chrome rules
    problems, warnings, passages = corpus_problems(corpus_dirs)
    problems += load_actors()[1]
    from geo.layers import check_layers
    problems += check_layers()
    problems += _place_problems()
    hist_problems, hist_warnings = history_problems(corpus_dirs, passages)
    problems += hist_problems
    warnings += hist_warnings
    from routes.linking import check_overrides
    problems += check_overrides(passages)
    from routes.lexicon import check_lexicon
    from routes.linking import check_rules
    problems += check_lexicon() + check_rules()
    return problems, warnings


def _place_problems() -> list[str]:
    """Problems with ``geo/place_names.toml`` (spellings, nodes that are not in the layers)."""
    from geo.layers import load_layers
    from routes.places import validate_places

    return [str(p) for p in validate_places(node_ids=[str(i) for i in load_layers().nodes["id"]])[1]]
