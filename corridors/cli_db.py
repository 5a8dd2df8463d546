"""The PostgreSQL side of the command line: ``corridors db init`` and building a corpus into a shared database."""
from __future__ import annotations

import contextlib
from pathlib import Path

import click

from corridors.build import BuildResult
from corridors.cli_args import printable
from corridors.config import Config
from sources._errors import IndexError_


def rebuild_database(cfg: Config) -> BuildResult:
    """Rebuild the PostgreSQL database's corpus for these folders (without an explicit corpus, every corpus
    the database records whose folders are on this machine)."""
    from corridors.store.postgres import build_corpus, recorded_corpora
    from corridors.store.postgres_read import merge_reports

    url = cfg.database_url
    with from_option(cfg):
        recorded = [] if cfg.corpus_explicit else recorded_corpora(url)
    here = [tuple(Path(d) for d in dirs) for dirs in recorded if all(Path(d).is_dir() for d in dirs)]
    notes = tuple(f"{cfg.db_shown}: corpus {', '.join(dirs)} is not on this machine; left as it was"
                  for dirs in recorded if not all(Path(d).is_dir() for d in dirs))
    results = [build_corpus(url, dirs, notes=notes) for dirs in here or [cfg.corpus_dirs]]
    if len(results) == 1:
        return results[-1]
    return BuildResult(results[-1].db_path, True, merge_reports([r.report for r in results]), notes)


@contextlib.contextmanager
def from_option(cfg: Config):
    """Say which option or variable named the database when it cannot be used."""
    try:
        yield
    except IndexError_ as exc:
        raise click.ClickException(printable(f"{cfg.db_from}: {exc}")) from None


@click.group()
def db() -> None:
    """A team's shared index in a PostgreSQL + PostGIS database (see the README's "A team's shared atlas").

    Example:
        corridors db init postgresql://atlas:secret@db.example.org:5432/atlas
    """


@db.command("init")
@click.argument("url")
@click.option("--quiet", is_flag=True, help="Print no report: only errors and the exit code.")
def db_init(url: str, quiet: bool) -> None:
    """Create the index's tables (PostGIS too, when the role may) in an empty PostgreSQL database.

    An index of ours is left as it is (an older schema is migrated, or refused saying why); a database
    with tables that are not ours is refused and nothing is written. Then: corridors build --db URL.

    Example:
        corridors db init postgresql://atlas:secret@db.example.org:5432/atlas
    """
    from corridors.store import postgres

    if not postgres.is_postgres_url(url):
        raise click.BadParameter("not a PostgreSQL URL; give postgresql://user:password@host:port/dbname",
                                 param_hint="'URL'")
    problem = postgres.check_url(url)
    if problem:
        raise click.BadParameter(problem, param_hint="'URL'")
    before, after = postgres.init(url)
    if not quiet:
        done = {"empty": "created the index", "stale": f"migrated the index from schema {before.version}",
                "ok": "already an index of ours"}[before.state]
        counts = ", ".join(f"{k} {v}" for k, v in after.counts.items())
        click.echo(printable(f"{postgres.redact(url)}: {done} (schema {after.version}; {counts})"))
