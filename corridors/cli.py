"""The ``corridors`` command line: a thin layer over build, query, export and check.

Every command takes ``--db PATH``; user mistakes become one-line errors on stderr (``path:line: why``)
and a non-zero exit code, never a traceback.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from corridors.build import build_index, ensure_index
from corridors.config import Config, config_from_env
from corridors.formats import passages_to_csv, passages_to_jsonl
from corridors.query import Filters, QueryError, search_passages
from sources._errors import CorpusError, IndexError_
from sources.index import open_index

_USER_ERRORS = (CorpusError, QueryError, IndexError_, FileNotFoundError, PermissionError)


class _Group(click.Group):
    """Turn the library's user-facing errors into ``click`` errors in one place."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except _USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from None
        except LookupError as exc:  # e.g. an unknown route or size preset from a library call
            raise click.ClickException(str(exc.args[0]) if exc.args else str(exc)) from None


db_option = click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path),
                         help="Index file (default: CORRIDORS_DB, else the bundled corpus's index in the user cache).")
corpus_option = click.option("--corpus", "corpus", multiple=True, type=click.Path(path_type=Path),
                             help="Corpus folder of articles: .txt .md .html .htm .pdf (repeatable; default: CORRIDORS_CORPUS or the bundled corpus).")


def filter_options(f):
    """The passage filters shared by ``passages`` and ``export``."""
    for opt in reversed([
        click.option("--route", "routes", multiple=True, help="Route id (repeatable), e.g. tripp, middle_corridor."),
        click.option("--actor", "actors", multiple=True, help="Actor name or alias, case-insensitive (repeatable; any of them)."),
        click.option("--all-actors", is_flag=True, help="Require every --actor, not any of them."),
        click.option("--from", "date_from", help="Earliest date, ISO (2025, 2025-08, 2025-08-08)."),
        click.option("--to", "date_to", help="Latest date, ISO."),
        click.option("--event-dates", is_flag=True, help="Filter --from/--to on dates mentioned in passages, not publication."),
        click.option("--q", "q", help="Full-text search (words ANDed; \"quoted phrases\"; word* for prefixes)."),
        click.option("--primary-only", is_flag=True, help="Only passages substantially about the route(s)."),
    ]):
        f = opt(f)
    return f


def filters_from(routes, actors, all_actors, date_from, date_to, event_dates, q, primary_only) -> Filters:
    """Build :class:`Filters` from the shared options."""
    return Filters(tuple(routes), tuple(actors), date_from, date_to, event_dates, q, primary_only, all_actors)


def ready_index(cfg: Config):
    """Open the index for ``cfg``, building it first if missing or stale."""
    result = ensure_index(cfg.db_path, cfg.corpus_dirs, corpus_explicit=cfg.corpus_explicit)
    return open_index(result.db_path)


@click.group(cls=_Group)
@click.version_option(package_name="corridor-atlas")
def cli() -> None:
    """Corridor Atlas: corridors of the South Caucasus and Eurasia, tied to cited article passages."""


@cli.command()
@corpus_option
@db_option
@click.option("--verbose", is_flag=True, help="List every dropped line range, not only the first few per reason.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the whole report (every file, every dropped range) as JSON to this file.")
def build(corpus: tuple[Path, ...], db: Path | None, verbose: bool, report_path: Path | None) -> None:
    """(Re)build the index and print the ingest report.

    Example:
        corridors build --corpus ~/articles --db /tmp/mine.sqlite --report report.json
    """
    cfg = config_from_env(db=db, corpus=corpus)
    result = build_index(cfg.corpus_dirs, cfg.db_path)
    click.echo(format_report(result.report, result.db_path))
    click.echo(format_losses(result.report, verbose=verbose))
    if report_path:
        report_path.write_text(json.dumps(result.report, indent=1, ensure_ascii=False), encoding="utf-8")
        click.echo(f"report written to {report_path}")
    if result.report["problems"]:
        sys.exit(1)


def format_losses(rep: dict, *, verbose: bool = False) -> str:
    """Every skipped file and, per file and reason, the dropped lines: counts and first locations
    (every range with ``verbose``)."""
    from sources.losses import summarise

    out = [f"skipped: {f['path']}: {f.get('reason', '')}" for f in rep["files_skipped"]]
    ranges = rep.get("losses", [])
    if verbose:
        out += [f"dropped: {r['file']}:{r['first']}" + (f"-{r['last']}" if r["last"] != r["first"] else "")
                + f" {r['fate']}: {r['reason']}" for r in ranges]
    else:
        out += [f"dropped: {g['file']}: {g['lines']} line(s) in {g['ranges']} range(s), {g['fate']}: {g['reason']} "
                f"(at {', '.join(g['first'])}{', …' if g['ranges'] > len(g['first']) else ''})"
                for g in summarise(ranges)]
    return "\n".join(out)


@cli.command()
@click.argument("items", nargs=-1, required=True)
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The corpus folder to add to (default: your corpus folder in the user data directory).")
@db_option
def add(items: tuple[str, ...], corpus_dir: Path | None, db: Path | None) -> None:
    """Add article files (.txt .md .html .htm .pdf) or web pages (URLs) to your corpus and update the index.

    Example:
        corridors add ~/Downloads/article.pdf https://example.org/news/ferries
    """
    from corridors.add import add_items, default_corpus_dir

    folder = corpus_dir or default_corpus_dir()
    results = add_items(list(items), folder)
    for r in results:
        msg = f"{r.status}: {r.source}" + (f" -> {r.path}" if r.path else "") + (f" ({r.message})" if r.message else "")
        click.echo(msg, err=r.status == "error")
    cfg = config_from_env(db=db, corpus=(folder,))
    result = build_index(cfg.corpus_dirs, cfg.db_path)
    click.echo(format_report(result.report, result.db_path))
    if any(r.status == "error" for r in results) or result.report["problems"]:
        sys.exit(1)


def format_report(rep: dict, db_path: Path) -> str:
    """The build report as text: files, articles, passages, duplicates, lines by fate and reason."""
    out = [f"index: {db_path}",
           f"files: {rep['files']} ({len(rep['files_skipped'])} skipped)",
           f"articles: {rep['articles']}", f"passages: {rep['passages']}",
           f"duplicate copies merged: {rep['duplicate_copies']}"]
    for d in rep["duplicates"]:
        out.append(f"  {d}")
    out.append("lines: " + ", ".join(f"{k} {v}" for k, v in sorted(rep["lines"].items())))
    for fate, reasons in sorted(rep["lines_by_reason"].items()):
        if fate == "kept":
            continue
        for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1]):
            out.append(f"  {fate:<11} {n:>6}  {reason}")
    for aid, flags in rep["flagged_articles"].items():
        out.append(f"flagged: {aid}: {'; '.join(flags)}")
    out += [f"warning: {w}" for w in rep["warnings"]] + [f"error: {p}" for p in rep["problems"]]
    return "\n".join(out)


@cli.command()
@filter_options
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "bibtex", "ris"]), default="jsonl", show_default=True)
@click.option("--limit", type=int, help="At most this many passages.")
@corpus_option
@db_option
def passages(routes, actors, all_actors, date_from, date_to, event_dates, q, primary_only, fmt, limit, corpus, db) -> None:
    """Print the matching passages (JSON lines, CSV, or BibTeX/RIS of their articles).

    Example:
        corridors passages --route tripp --actor iran --from 2025-06 --format csv
    """
    cfg = config_from_env(db=db, corpus=corpus)
    filters = filters_from(routes, actors, all_actors, date_from, date_to, event_dates, q, primary_only)
    hits = search_passages(ready_index(cfg), filters, limit=limit)
    if fmt in ("bibtex", "ris"):
        from corridors import references
        click.echo(references.articles_to_string([h.article for h in hits], fmt), nl=False)
    elif fmt == "csv":
        passages_to_csv(hits, sys.stdout)
    else:
        passages_to_jsonl(hits, sys.stdout)
    if not hits:
        click.echo(f"no passages match ({filters.describe()})", err=True)


def _as_of(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate ``--as-of`` (ISO date) before any work."""
    from geo.history import parse_as_of

    try:
        parse_as_of(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc).removeprefix(f"--as-of {value!r}: "), ctx=ctx, param=param) from None
    return value.strip() if value else None


as_of_option = click.option("--as-of", "as_of", callback=_as_of,
                            help="Show each segment with the status it had on this date (ISO: 2016, 2016-05, "
                                 "2016-05-17; its first day); segments not yet proposed then are left out.")


@cli.command()
@click.option("--officials", is_flag=True, help="List the officials found by role that the catalog does not know.")
@corpus_option
@db_option
def actors(officials: bool, corpus: tuple[Path, ...], db: Path | None) -> None:
    """Print every actor found in the corpus with its passage count (tab-separated: id, name, kind, passages).

    With --officials: the people named by a role ("Foreign Minister X", "X, the head of Y") whom the catalog
    does not know, with the state or body they were attributed to, so the catalog can grow.

    Example:
        corridors actors --officials --corpus ~/articles
    """
    from corridors.query import actor_counts, officials_found
    from sources.actors import default_actors

    index = ready_index(config_from_env(db=db, corpus=corpus))
    cat = default_actors()
    if officials:
        for name, body, n in officials_found(index, cat):
            click.echo(f"{name}\t{body}\t{cat.actors[body].name if body in cat.actors else body}\t{n}")
        return
    for aid, n in actor_counts(index).items():
        a = cat.actors.get(aid)
        click.echo(f"{aid}\t{a.name if a else aid}\t{a.kind if a else '?'}\t{n}")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["geojson"]), default="geojson", show_default=True)
@as_of_option
@db_option
def routes(fmt: str, as_of: str | None, db: Path | None) -> None:
    """Print every layer (segments and nodes, with drawn and published lengths, countries and status history)
    as one GeoJSON FeatureCollection.

    Example:
        corridors routes --as-of 2016-01-01 > corridors-2016.geojson
    """
    from geo.facts import routes_feature_collection

    click.echo(json.dumps(routes_feature_collection(as_of=as_of), ensure_ascii=False))


@cli.command()
@corpus_option
@db_option
def check(corpus: tuple[Path, ...], db: Path | None) -> None:
    """Validate the corpus and its catalog, the actor catalog, the GeoJSON layers and the link overrides.

    Prints one ``path:line: problem`` per problem; exits non-zero if there is any.

    Example:
        corridors check --corpus ~/articles
    """
    from corridors.checks import all_problems

    cfg = config_from_env(db=db, corpus=corpus)
    problems, warnings = all_problems(cfg.corpus_dirs)
    for w in warnings:
        click.echo(f"warning: {w}", err=True)
    for p in problems:
        click.echo(p, err=True)
    click.echo(f"{len(problems)} problem(s), {len(warnings)} warning(s)")
    if problems:
        sys.exit(1)


@cli.command()
@filter_options
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file: .png .svg .pdf (map) or .geojson .csv .bib .ris (data behind it).")
@click.option("--title", help="Map title (default: the routes and actors shown).")
@click.option("--subtitle", help="Line under the title.")
@click.option("--note", "notes", multiple=True, help='A numbered note "LAT,LON,TEXT" in degrees (repeatable).')
@click.option("--size", type=click.Choice(["slide", "a4-landscape", "a4-portrait"]), default="slide", show_default=True)
@click.option("--dpi", type=click.IntRange(20, 600), default=150, show_default=True, help="PNG resolution.")
@as_of_option
@corpus_option
@db_option
def export(routes, actors, all_actors, date_from, date_to, event_dates, q, primary_only, out, title, subtitle, notes,
           size, dpi, as_of, corpus, db) -> None:
    """Write an annotated briefing map (or its data) of what the filters show.

    Example:
        corridors export --route tripp --note "39.0,46.2,Meghri" --out tripp.pdf --size a4-landscape
    """
    from corridors import export as ex
    from geo.layers import load_layers
    from routes.catalog import load_catalog

    try:
        ex.check_out_path(out)
        filters = filters_from(routes, actors, all_actors, date_from, date_to, event_dates, q, primary_only)
        plan = ex.plan_export(ready_index(config_from_env(db=db, corpus=corpus)), filters, layers=load_layers(),
                              catalog=load_catalog(), title=title, subtitle=subtitle, size=size,
                              notes=[ex.parse_note(n, i + 1) for i, n in enumerate(notes)], as_of=as_of)
        path = ex.export_to_path(plan, out, dpi=dpi)
    except ex.ExportError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{path}: {len(plan.routes)} route(s), {len(plan.cited)} citation(s), {len(notes)} note(s)")


if __name__ == "__main__":
    cli()
