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
        problems.append(f"{shown}: empty corpus: no passages found in {len(report.files)} .txt/.md file(s)")
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


def all_problems(corpus_dirs: tuple[Path, ...]) -> tuple[list[str], list[str]]:
    """Every problem (non-zero exit) and warning across corpus, catalogs, layers and overrides."""
    problems, warnings, passages = corpus_problems(corpus_dirs)
    problems += load_actors()[1]
    from geo.layers import check_layers
    problems += check_layers()
    from routes.linking import check_overrides
    problems += check_overrides(passages)
    return problems, warnings
