"""The ``corridors`` command line: a thin layer over build, query, export and check.

Every command takes ``--db PATH`` and ``--quiet``; arguments are checked before any work. The report goes to
stdout (``--json`` for a machine-readable one), errors and warnings to stderr (``path:line: why``) with a
non-zero exit code on error. Only our packages' error types become one-line errors: anything else is a bug
and keeps its traceback.
"""
from __future__ import annotations

import contextlib
import errno
import json
import sys
from pathlib import Path

import click

from corridors.build import BuildResult, ensure_index, rebuild
from corridors.build_report import Progress, format_losses, format_report, group_messages
from corridors.cli_args import checked_filters, ineffective, printable
from corridors.cli_db import db, from_option, rebuild_database
from corridors.config import Config, check_config, config_from_env, data_dir_from_env
from corridors.formats import passages_to_csv, passages_to_jsonl
from corridors.query import search_passages
from corridors.store import open_store
from sources._datadir import use_data_dir
from sources._errors import DataError, IndexError_, UsageError

# The bases of our packages' user-facing errors: a broken data file (every package's DataError, each problem
# on its own line), an index that cannot be used, an option or setting that cannot be used. Anything else is
# a bug and keeps its traceback.
_USER_ERRORS = (DataError, IndexError_, UsageError)


class _Group(click.Group):
    """Turn our packages' user-facing errors into ``click`` errors in one place."""

    def invoke(self, ctx: click.Context):
        if sys.stdout is None:
            raise click.ClickException("standard output is closed: nothing can be printed")
        if getattr(sys.stdout, "errors", None) == "strict" and hasattr(sys.stdout, "reconfigure"):
            # A file name that is not valid UTF-8 (kept as surrogates) is written as \udcXX, not a crash.
            sys.stdout.reconfigure(errors="backslashreplace")
        try:
            use_data_dir(data_dir_from_env())
            return super().invoke(ctx)
        except _USER_ERRORS as exc:
            raise click.ClickException(printable(str(exc))) from None


db_option = click.option("--db", "db", type=click.Path(dir_okay=False),
                         help="Index file (default: CORRIDORS_DB, else the bundled corpus's index in the user cache); "
                              "only an index of ours is ever written over.")
corpus_option = click.option("--corpus", "corpus", multiple=True, type=click.Path(),
                             help="Corpus folder of articles: .txt .md .html .htm .pdf (repeatable; default: "
                                  "CORRIDORS_CORPUS, else the folders the index was built from, else the bundled "
                                  "corpus).")
quiet_option = click.option("--quiet", is_flag=True,
                            help="Print no report and no warnings: only errors and the exit code.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object on stdout.")


def filter_options(f):
    """The passage filters shared by ``passages`` and ``export``."""
    for opt in reversed([
        click.option("--route", "routes", multiple=True,
                     help="Route id or name (repeatable), e.g. tripp, middle_corridor."),
        click.option("--actor", "actors", multiple=True,
                     help="Actor name or alias, case-insensitive (repeatable; any of them)."),
        click.option("--all-actors", is_flag=True, help="Require every --actor, not any of them."),
        click.option("--from", "date_from", help="Earliest date, ISO (2025, 2025-08, 2025-08-08)."),
        click.option("--to", "date_to", help="Latest date, ISO."),
        click.option("--event-dates", is_flag=True,
                     help="Filter --from/--to on dates mentioned in passages, not publication."),
        click.option("--q", "q", help="Full-text search (words ANDed; \"quoted phrases\"; word* for prefixes)."),
        click.option("--primary-only", is_flag=True, help="Only passages substantially about the route(s)."),
    ]):
        f = opt(f)
    return f


@contextlib.contextmanager
def stdout_report():
    """Write the report to stdout; a full disk or a closed stream is one error line, not a traceback."""
    try:
        yield
        sys.stdout.flush()
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise  # click ends quietly when the reader went away (`| head`)
        raise click.ClickException(f"cannot write to standard output ({exc.strerror or exc})") from None


def warn(message: str, quiet: bool) -> None:
    """One ``warning:`` line on stderr (not with ``--quiet``)."""
    if not quiet:
        click.echo(f"warning: {printable(message)}", err=True)


def checked_config(db: str | None, corpus: tuple[str, ...], quiet: bool) -> Config:
    """The configuration from options and environment, checked before any work."""
    cfg = config_from_env(db=db, corpus=corpus)
    check_config(cfg)
    for note in cfg.notes:
        warn(note, quiet)
    return cfg


def ready_index(cfg: Config, quiet: bool = False):
    """Open the index for ``cfg``, building it first if missing or stale; say on stderr what the build skipped."""
    if cfg.db_url:
        from corridors.store.postgres import open_postgres

        with from_option(cfg):
            return open_postgres(cfg.db_url, cfg.corpus_dirs)
    result = ensure_index(cfg.index_file, cfg.corpus_dirs, corpus_explicit=cfg.corpus_explicit,
                          owned=cfg.db_from == "default")
    _tell_build(result, quiet)
    return open_store(result.db_path)


def _tell_build(result: BuildResult, quiet: bool) -> None:
    for note in result.notes:
        warn(note, quiet)
    rep = result.report
    if result.rebuilt:
        for line in [*group_messages(list(rep.get("warnings", ()))), *rep.get("problems", ())]:
            warn(line, quiet)
        if not quiet:
            click.echo(f"built {printable(str(result.db_path))}: {rep.get('files', 0)} file(s) "
                       f"({len(rep.get('files_skipped', ()))} skipped), {rep.get('articles', 0)} article(s), "
                       f"{rep.get('passages', 0)} passage(s)", err=True)
    elif not rep.get("passages"):
        warn(f"{result.db_path}: the index has no passages (its corpus is empty)", quiet)
    elif rep.get("problems"):
        warn(f"{result.db_path}: built with {len(rep.get('files_skipped', ()))} skipped file(s), "
             f"{len(rep.get('problems', ()))} problem(s) and {rep.get('passages', 0)} passage(s); "
             f"`corridors build --db {result.db_path}` lists them", quiet)


@click.group(cls=_Group)
@click.version_option(package_name="corridor-atlas")
def cli() -> None:
    """Corridor Atlas: corridors of the South Caucasus and Eurasia, tied to cited article passages."""


@cli.command()
@corpus_option
@db_option
@quiet_option
@json_option
@click.option("--verbose", is_flag=True, help="List every duplicate, dropped line range and warning, not only the "
                                              "first few per reason.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the whole report (every file, every dropped range) as JSON to this file.")
@click.option("--timings", is_flag=True, help="Print each step's wall and CPU seconds on stderr (also with --quiet).")
def build(corpus: tuple[str, ...], db: str | None, quiet: bool, as_json: bool, verbose: bool,
          report_path: Path | None, timings: bool) -> None:
    """(Re)build the index and print the ingest report (warnings and errors on stderr).

    Without --corpus (or CORRIDORS_CORPUS) an existing index is rebuilt from the folders it was built from.
    Exits 1 if a file could not be used (the others are still indexed).

    Example:
        corridors build --corpus ~/articles --db /tmp/mine.sqlite --report report.json
    """
    cfg = checked_config(db, corpus, quiet)
    with Progress(enabled=not quiet and not as_json) as progress:
        result = _rebuild(cfg, progress)
    if timings:
        click.echo(progress.format_timings(), err=True)
    rep = result.report
    for line in [*result.notes, *group_messages(list(rep["warnings"]), verbose=verbose)]:
        warn(line, quiet)
    for p in rep["problems"]:
        click.echo(f"error: {printable(p)}", err=True)
    with stdout_report():
        if as_json:
            click.echo(json.dumps(_plain({"index": str(result.db_path), "ok": not rep["problems"], **rep,
                                          "notes": list(result.notes)}), ensure_ascii=False))
        elif not quiet:
            click.echo(printable(format_report(rep, result.db_path, verbose=verbose)))
            click.echo(printable(format_losses(rep, verbose=verbose)))
    if report_path:
        report_path.write_text(json.dumps(_plain(rep), indent=1, ensure_ascii=False), encoding="utf-8")
        if not quiet:
            click.echo(f"report written to {report_path}", err=True)
    if rep["problems"]:
        sys.exit(1)


def _rebuild(cfg: Config, progress=None) -> BuildResult:
    """Rebuild the index of ``cfg``: the SQLite file, or the PostgreSQL database's corpus for these folders."""
    if not cfg.db_url:
        return rebuild(cfg.index_file, cfg.corpus_dirs, corpus_explicit=cfg.corpus_explicit,
                       owned=cfg.db_from == "default", progress=progress)
    return rebuild_database(cfg)


@cli.command()
@click.argument("items", nargs=-1, required=True)
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The corpus folder to add to (default: your corpus folder in the user data directory).")
@db_option
@quiet_option
def add(items: tuple[str, ...], corpus_dir: Path | None, db: str | None, quiet: bool) -> None:
    """Add article files (.txt .md .html .htm .pdf) or web pages (URLs) to your corpus and update the index.

    Example:
        corridors add ~/Downloads/article.pdf https://example.org/news/ferries
    """
    from corridors.add import add_items, default_corpus_dir

    folder = corpus_dir or default_corpus_dir()
    results = add_items(list(items), folder)
    for r in results:
        msg = f"{r.status}: {r.source}" + (f" -> {r.path}" if r.path else "") + (f" ({r.message})" if r.message else "")
        if r.status == "error" or not quiet:
            click.echo(printable(msg), err=r.status == "error")
    if all(r.status == "error" for r in results):  # nothing new in the corpus: the index stays as it is
        sys.exit(1)
    cfg = checked_config(db, (str(folder),), quiet)
    result = _rebuild(cfg)
    rep = result.report
    for line in [*result.notes, *rep["warnings"]]:
        warn(line, quiet)
    for p in rep["problems"]:
        click.echo(f"error: {printable(p)}", err=True)
    if not quiet:
        with stdout_report():
            click.echo(printable(format_report(rep, result.db_path)))
    if any(r.status == "error" for r in results) or rep["problems"]:
        sys.exit(1)


def _plain(value):
    """JSON-ready data with every string printable (no lone surrogates from undecodable file names)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@cli.command()
@filter_options
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "bibtex", "ris"]), default="jsonl",
              show_default=True)
@click.option("--limit", type=click.IntRange(1, 2**63 - 1), help="At most this many passages (1 or more).")
@corpus_option
@db_option
@quiet_option
def passages(routes, actors, all_actors, date_from, date_to, event_dates, q, primary_only, fmt, limit, corpus, db,
             quiet) -> None:
    """Print the matching passages (JSON lines, CSV, or BibTeX/RIS of their articles).

    Example:
        corridors passages --route tripp --actor iran --from 2025-06 --format csv
    """
    filters = checked_filters(routes, actors, all_actors, date_from, date_to, event_dates, q, primary_only)
    cfg = checked_config(db, corpus, quiet)
    for w in ineffective(filters):
        warn(w, quiet)
    hits = search_passages(ready_index(cfg, quiet), filters, limit=limit)
    with stdout_report():
        if fmt in ("bibtex", "ris"):
            from corridors import references
            click.echo(references.articles_to_string([h.article for h in hits], fmt), nl=False)
        elif fmt == "csv":
            passages_to_csv(hits, sys.stdout)
        else:
            passages_to_jsonl(hits, sys.stdout)
    if not hits and not quiet:
        click.echo(f"no passages match ({printable(filters.describe())})", err=True)


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
@quiet_option
def actors(officials: bool, corpus: tuple[str, ...], db: str | None, quiet: bool) -> None:
    """Print every actor found in the corpus with its passage count (tab-separated: id, name, kind, passages).

    With --officials: the people named by a role ("Foreign Minister X", "X, the head of Y") whom the catalog
    does not know, with the state or body they were attributed to, so the catalog can grow.

    Example:
        corridors actors --officials --corpus ~/articles
    """
    from corridors.query import actor_counts, officials_found
    from sources.actors import default_actors

    index = ready_index(checked_config(db, corpus, quiet), quiet)
    cat = default_actors()
    with stdout_report():
        if officials:
            for name, body, n in officials_found(index, cat):
                click.echo(printable(f"{name}\t{body}\t{cat.actors[body].name if body in cat.actors else body}\t{n}"))
            return
        for aid, n in actor_counts(index).items():
            a = cat.actors.get(aid)
            click.echo(printable(f"{aid}\t{a.name if a else aid}\t{a.kind if a else '?'}\t{n}"))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["geojson"]), default="geojson", show_default=True)
@as_of_option
@db_option
@quiet_option
def routes(fmt: str, as_of: str | None, db: str | None, quiet: bool) -> None:
    """Print every layer (segments and nodes, with drawn and published lengths, countries and status history)
    as one GeoJSON FeatureCollection.

    Example:
        corridors routes --as-of 2016-01-01 > corridors-2016.geojson
    """
    from geo.facts import routes_feature_collection

    with stdout_report():
        click.echo(json.dumps(routes_feature_collection(as_of=as_of), ensure_ascii=False))


@cli.command()
@corpus_option
@db_option
@quiet_option
@json_option
def check(corpus: tuple[str, ...], db: str | None, quiet: bool, as_json: bool) -> None:
    """Validate every data file (article catalog, actors, boilerplate, route catalog, lexicon, linking rules,
    overrides, style, layers, history), then the corpus against them (and, with --db or CORRIDORS_DB, the
    index file: ours, intact, current).

    Prints one ``path:line: problem`` per problem on stderr; exits non-zero if there is any (an empty
    corpus is one, so is a damaged index or a file at --db that is not an index).

    Example:
        corridors check --corpus ~/articles
    """
    from corridors.checks import all_problems

    cfg = checked_config(db, corpus, quiet)
    problems, warnings = all_problems(cfg.corpus_dirs)
    if cfg.db_url:
        _database_problems(cfg, problems, warnings)
    elif cfg.db_from != "default":
        _index_problems(cfg.index_file, problems, warnings)
    for w in warnings:
        warn(w, quiet)
    for p in problems:
        click.echo(printable(p), err=True)
    with stdout_report():
        if as_json:
            click.echo(json.dumps(_plain({"ok": not problems, "problems": problems, "warnings": warnings}),
                                  ensure_ascii=False))
        elif not quiet:
            click.echo(f"{len(problems)} problem(s), {len(warnings)} warning(s)")
    if problems:
        sys.exit(1)


def _database_problems(cfg: Config, problems: list[str], warnings: list[str]) -> None:
    """What ``check`` says about a PostgreSQL index: ours and current, or why not."""
    from corridors.store.postgres import connect, inspect_database
    from sources._errors import IndexError_

    try:
        with connect(cfg.database_url) as con:
            state = inspect_database(con, cfg.database_url)
    except IndexError_ as exc:
        problems.append(str(exc))
        return
    if state.state == "empty":
        warnings.append(f"{cfg.db_shown}: no index there yet; `corridors db init` or the next command creates it")
    elif state.state == "stale":
        warnings.append(f"{cfg.db_shown}: the index has schema {state.version}; the next command migrates it")


def _index_problems(db_path: Path, problems: list[str], warnings: list[str]) -> None:
    """What ``check`` says about the index file (a foreign file was refused already by the config check)."""
    from corridors.store.sqlite import inspect_file

    info = inspect_file(db_path)
    if info.state == "damaged":
        problems.append(f"{db_path}: the index is damaged ({info.problem}); the next command rebuilds it from "
                        f"the corpus it records")
    elif info.state == "stale":
        warnings.append(f"{db_path}: the index is out of date ({info.problem}); the next command rebuilds it")
    elif info.state == "missing":
        warnings.append(f"{db_path}: no index there yet; the next command builds it")


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
@quiet_option
@json_option
def export(routes, actors, all_actors, date_from, date_to, event_dates, q, primary_only, out, title, subtitle, notes,
           size, dpi, as_of, corpus, db, quiet, as_json) -> None:
    """Write an annotated briefing map (or its data) of what the filters show.

    Example:
        corridors export --route tripp --note "39.0,46.2,Meghri" --out tripp.pdf --size a4-landscape
    """
    from corridors import export as ex
    from geo.layers import load_layers
    from routes.catalog import load_catalog

    filters = checked_filters(routes, actors, all_actors, date_from, date_to, event_dates, q, primary_only)
    try:
        ex.check_out_path(out)
        parsed = [ex.parse_note(n, i + 1) for i, n in enumerate(notes)]
    except ex.ExportError as exc:
        raise click.BadParameter(printable(str(exc)), param_hint="'--note'" if notes and "--note" in str(exc)
                                 else "'--out'") from None
    cfg = checked_config(db, corpus, quiet)
    for w in ineffective(filters):
        warn(w, quiet)
    plan = ex.plan_export(ready_index(cfg, quiet), filters, layers=load_layers(), catalog=load_catalog(),
                          title=title, subtitle=subtitle, size=size, notes=parsed, as_of=as_of)
    path = ex.export_to_path(plan, out, dpi=dpi)
    with stdout_report():
        if as_json:
            click.echo(json.dumps(_plain({"path": str(path), "routes": list(plan.routes),
                                          "citations": len(plan.cited), "notes": len(notes)}), ensure_ascii=False))
        elif not quiet:
            click.echo(printable(f"{path}: {len(plan.routes)} route(s), {len(plan.cited)} citation(s), "
                                 f"{len(notes)} note(s)"))


def main(argv: list[str] | None = None) -> int:
    """Run the command line in this process (as the ``corridors`` script does) and return its exit code."""
    try:
        cli.main(args=argv, prog_name="corridors", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
cli.add_command(db)


if __name__ == "__main__":
    cli()
