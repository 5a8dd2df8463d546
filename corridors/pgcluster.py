"""A throwaway local PostgreSQL + PostGIS cluster, for the tests, the benchmarks and a developer's machine.

:func:`start_cluster` runs ``initdb`` into a folder (as the ``postgres`` user when run as root, since
initdb refuses root), starts the server with ``pg_ctl`` on a free port of 127.0.0.1 (its socket in that
folder, trust authentication: nobody but local users can reach it) and returns a :class:`Cluster` that
creates databases with PostGIS and stops (and deletes) itself. From a shell::

    python -m corridors.pgcluster start /tmp/atlas-pg     # prints the URL of a database "atlas"
    python -m corridors.pgcluster stop /tmp/atlas-pg
"""
from __future__ import annotations

import argparse
import glob
import logging
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

SUPERUSER = "postgres"


class ClusterError(RuntimeError):
    """No throwaway cluster can be started here; the message says why (binaries missing, initdb failed …)."""


def find_bindir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: Debian's newest ``/usr/lib/postgresql/*/bin``, else ``PATH``."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3])
                   if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def has_postgis(bindir: Path) -> bool:
    """Whether the PostGIS extension is installed for the server in ``bindir``."""
    share = subprocess.run([str(bindir / "pg_config"), "--sharedir"], capture_output=True, text=True)
    folder = Path(share.stdout.strip()) if share.returncode == 0 else bindir.parent.parent.parent / "share"
    candidates = [folder / "extension" / "postgis.control",
                  *map(Path, glob.glob(f"/usr/share/postgresql/{bindir.parent.name}/extension/postgis.control"))]
    return any(p.exists() for p in candidates)


def free_port() -> int:
    """A TCP port nothing listens on at 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    """A running throwaway cluster: its folder (data, socket, log), port, binaries and owner."""

    folder: Path
    port: int
    bindir: Path
    run_as: str | None  # the OS user the server runs as when we are root

    def url(self, dbname: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        """A ``postgresql://`` URL for ``dbname`` on this cluster."""
        auth = f"{user}:{password}" if password else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def execute(self, *statements, dbname: str = "postgres") -> None:
        """Run statements as the superuser, each in autocommit (``CREATE DATABASE`` needs that)."""
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as con:
            for sql in statements:
                con.execute(sql)

    def create_database(self, name: str, *, owner: str | None = None, password: str | None = None,
                        template: str | None = None, postgis: bool = True) -> str:
        """Create a database (and its owner role, when new) with PostGIS; return its URL as that owner."""
        from psycopg import sql

        stmts = []
        if owner:
            stmts.append(sql.SQL("DO $$BEGIN CREATE ROLE {} LOGIN PASSWORD {}; EXCEPTION WHEN duplicate_object "
                                 "THEN NULL; END$$").format(sql.Identifier(owner), sql.Literal(password or owner)))
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if owner:
            create += sql.SQL(" OWNER {}").format(sql.Identifier(owner))
        if template:
            create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            for s in [*stmts, create]:
                con.execute(s)
        if postgis and not template:
            self.execute("CREATE EXTENSION IF NOT EXISTS postgis", dbname=name)
        return self.url(name, owner or SUPERUSER, (password or owner) if owner else None)

    def drop_database(self, name: str) -> None:
        """Drop a database, closing its connections first."""
        from psycopg import sql

        self.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def stop(self, *, remove: bool = True) -> None:
        """Stop the server (fast shutdown) and delete its folder."""
        _run([str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop"],
             self.run_as, check=False)
        if remove:
            shutil.rmtree(self.folder, ignore_errors=True)


def _run(cmd: list[str], run_as: str | None, *, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, user=run_as, group=run_as,
                          cwd="/" if run_as else None)
    if check and proc.returncode:
        raise ClusterError(f"{Path(cmd[0]).name} failed ({proc.returncode}): "
                           f"{(proc.stderr or proc.stdout).strip()[-400:]}")
    return proc


def start_cluster(folder: str | Path | None = None, *, port: int | None = None) -> Cluster:
    """initdb into ``folder`` (a new temp folder by default) and start a server on a free local port.

    Raises
    ------
    ClusterError
        When PostgreSQL or PostGIS is not installed, we are root and there is no ``postgres`` user, or
        initdb / pg_ctl fail (their message is kept).
    """
    bindir = find_bindir()
    if bindir is None:
        raise ClusterError("PostgreSQL's initdb was not found (apt-get install postgresql postgresql-15-postgis-3)")
    if not has_postgis(bindir):
        raise ClusterError(f"PostGIS is not installed for {bindir.parent} (apt-get install postgresql-15-postgis-3)")
    run_as = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise ClusterError("running as root and there is no 'postgres' user to run initdb as") from None
        run_as = SUPERUSER
    root = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="corridors-pg-"))
    root.mkdir(parents=True, exist_ok=True)
    if run_as:
        os.chown(root, pwd.getpwnam(run_as).pw_uid, pwd.getpwnam(run_as).pw_gid)
    data = root / "data"
    _run([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8",
          "--locale=C.UTF-8"], run_as)
    for _attempt in range(3):
        chosen = port or free_port()
        opts = f"-p {chosen} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        proc = _run([str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(root / "server.log"), "-w",
                     "start"], run_as, check=False)
        if proc.returncode == 0:
            (root / "port").write_text(str(chosen))
            return Cluster(root, chosen, bindir, run_as)
        if port:
            break
    tail = (root / "server.log").read_text(errors="replace")[-400:] if (root / "server.log").exists() else ""
    raise ClusterError(f"pg_ctl start failed: {(proc.stderr or proc.stdout).strip()} {tail}".strip())


def attach(folder: str | Path) -> Cluster:
    """The cluster started earlier in ``folder`` (by ``python -m corridors.pgcluster start``)."""
    root = Path(folder)
    bindir = find_bindir()
    if bindir is None or not (root / "port").exists():
        raise ClusterError(f"{root}: no cluster started there")
    return Cluster(root, int((root / "port").read_text()), bindir, SUPERUSER if os.geteuid() == 0 else None)


def main(argv: list[str] | None = None) -> int:
    """``start FOLDER`` (print the URL of database ``atlas`` owned by role ``atlas``) or ``stop FOLDER``."""
    ap = argparse.ArgumentParser(prog="python -m corridors.pgcluster", description=__doc__.split("\n")[0])
    ap.add_argument("action", choices=["start", "stop"])
    ap.add_argument("folder")
    ap.add_argument("--port", type=int)
    args = ap.parse_args(argv)
    try:
        if args.action == "stop":
            attach(args.folder).stop()
            return 0
        cluster = start_cluster(args.folder, port=args.port)
        print(cluster.create_database("atlas", owner="atlas", password="atlas"))
    except ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
