"""What ``corridors check`` validates: one registry of every data file, then the checks that need the corpus.

:data:`DATA_FILES` is the one list: each entry names a data file (or several read together) and the
``validate_*`` that returns every :class:`~sources._errors.Problem` of it (with ``path:line``). Code that
loads these files afterwards trusts them (each ``load_*`` raises its package's :class:`DataError` once).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sources._datadir import data_file
from sources._errors import DataError, Problem
from sources.ingest import BUNDLED_CORPUS, corpus_files, ingest_files


def _validate_history() -> list[Problem]:
    """Problems of ``geo/history.toml``: its own, and against the layers and routes (no corpus lookup)."""
    return history_problems((), [])[0]


def _validate_places() -> list[Problem]:
    """Problems of ``geo/place_names.toml``: spellings, and nodes that are not in the layers."""
    from geo.layers import load_layers
    from routes.places import validate_places

    return validate_places(node_ids=[str(i) for i in load_layers().nodes["id"]])[1]


def _lazy(module: str, name: str) -> Callable[[], Sequence[Problem | str]]:
    def run() -> Sequence[Problem | str]:
        import importlib

        return getattr(importlib.import_module(module), name)()
    run.__name__ = name
    return run


@dataclass(frozen=True, slots=True)
class DataFile:
    """One registry entry: a name, the file(s) relative to the repository (or data folder), the validator."""

    name: str
    paths: tuple[str, ...]
    validate: Callable[[], Sequence[Problem | str]]


DATA_FILES: tuple[DataFile, ...] = (
    DataFile("boilerplate rules", ("sources/boilerplate.toml",), _lazy("sources._lines", "validate_boilerplate")),
    DataFile("article catalog", ("sources/catalog.toml",), _lazy("sources.catalog", "validate_article_catalog")),
    DataFile("actors", ("sources/actors.toml", "sources/states.toml"), _lazy("sources.actors", "validate_actors")),
    DataFile("route catalog", ("routes/catalog.toml",), _lazy("routes.catalog", "validate_catalog")),
    DataFile("route lexicon", ("routes/lexicon.toml", "routes/waypoints.toml"),
             _lazy("routes.lexicon", "validate_lexicon")),
    DataFile("linking rules", ("routes/linking.toml",), _lazy("routes.linking", "validate_rules")),
    DataFile("overrides", ("routes/overrides.toml",), _lazy("routes.overrides", "validate_overrides")),
    DataFile("style", ("geo/style.toml",), _lazy("geo.style", "validate_style")),
    DataFile("layers", ("geo/layers/", "geo/nodes.geojson"), _lazy("geo.layers", "validate_layers")),
    DataFile("history", ("geo/history.toml",), _validate_history),
    DataFile("place names", ("geo/place_names.toml",), _validate_places),
)


def data_file_problems() -> list[str]:
    """Every problem of every registered data file, ``path:line: why``, each once, in registry order."""
    out: list[str] = []
    for entry in DATA_FILES:
        try:
            found = entry.validate()
        except DataError as exc:  # a file this one depends on (e.g. the route catalog) is broken
            found = exc.problems
        out.extend(str(p) for p in found)
    return list(dict.fromkeys(out))


def corpus_problems(corpus_dirs: tuple[Path, ...]) -> tuple[list[str], list[str], list]:
    """Problems and warnings of ingesting the corpus, plus the ingested passages (for later checks)."""
    from sources.catalog import load_article_catalog

    report = ingest_files(corpus_files(list(corpus_dirs)))
    problems = list(report.problems)
    if not report.passages:
        shown = ", ".join(str(d) for d in corpus_dirs)
        problems.append(f"{shown}: empty corpus: no passages found in {len(report.files)} article file(s)")
    entries, _ = load_article_catalog()
    ids = {a.id for a in report.articles}
    # The catalog describes the bundled corpus: entries unmatched by a user's own corpus are expected.
    bundled = any(Path(d).resolve() == BUNDLED_CORPUS.resolve() for d in corpus_dirs)
    for e in entries if bundled else ():
        if e.id not in ids:
            problems.append(f"{data_file('sources/catalog.toml')}:{e.line}: catalog entry {e.id!r} matches no article "
                            f"(its 'match' text is not the opening of any first paragraph)")
    warnings = list(report.warnings)
    for a in report.articles:
        warnings.extend(f"{a.sources[0].file}:{a.sources[0].first_line}: article {a.id}: {f}" for f in a.flags)
    return problems, warnings, list(report.passages)


def history_problems(corpus_dirs: tuple[Path, ...], passages: list) -> tuple[list[Problem], list[Problem]]:
    """Problems and warnings of ``geo/history.toml``: dates, order, statuses, segments, sources, lengths.

    Passage sources are looked up only when the bundled corpus is checked (they cite it).
    """
    from geo.facts import figure_lengths
    from geo.history import MAX_SHORTFALL, check_history
    from geo.layers import load_layers
    from routes.catalog import load_catalog
    from sources._tomlfile import table_line

    layers = load_layers()
    bundled = any(Path(d).resolve() == BUNDLED_CORPUS.resolve() for d in corpus_dirs)
    problems, warnings = check_history(
        segment_status_by_id=dict(zip(layers.segments["id"], layers.segments["status"])),
        routes=list(load_catalog()), passage_ids={p.id for p in passages} if bundled else None)
    if problems:  # figure_lengths reads the history whole: only once it has no problem of its own
        return problems, warnings
    path = data_file("geo/history.toml")
    raw = path.read_text(encoding="utf-8")
    for fig, drawn in figure_lengths(layers):
        if drawn < fig.length_km * (1 - MAX_SHORTFALL):
            found = Problem(str(path), table_line(raw, f"figure.{fig.id}"),
                            f"figure {fig.id!r}: drawn line {drawn:,.0f} km is {1 - drawn / fig.length_km:.0%} "
                            f"shorter than the published {fig.length_km:,.0f} km")
            (problems if fig.main else warnings).append(found)
    return problems, warnings


def corpus_overrides(corpus_dirs: tuple[Path, ...]) -> list[Path]:
    """The ``overrides.toml`` of each corpus folder that has one (a user's own curated overrides)."""
    return [Path(d) / "overrides.toml" for d in corpus_dirs if (Path(d) / "overrides.toml").is_file()]


def all_problems(corpus_dirs: tuple[Path, ...]) -> tuple[list[str], list[str]]:
    """Every problem (non-zero exit) and warning: the registered data files, then the corpus against them."""
    from routes.overrides import check_overrides, validate_overrides

    problems = data_file_problems()
    for path in corpus_overrides(corpus_dirs):
        problems += [str(p) for p in validate_overrides(path)]
    try:
        corpus, warnings, passages = corpus_problems(corpus_dirs)
        hist_problems, hist_warnings = history_problems(corpus_dirs, passages)
        problems += [*corpus, *map(str, hist_problems), *check_overrides(passages)]
        warnings += map(str, hist_warnings)
    except DataError as exc:  # the corpus cannot be read with the data files as they are
        problems += [str(p) for p in exc.problems]
        warnings = ["the corpus was not checked: the data files above must be fixed first"]
    return list(dict.fromkeys(problems)), warnings


def build_data_notes() -> list[str]:
    """What a build leaves out of the data files (bad actor or override entries), for its report."""
    from routes.overrides import load_overrides
    from sources.actors import load_actors

    return [f"skipped: {p}" for p in [*load_actors()[1], *load_overrides()[1]]]
