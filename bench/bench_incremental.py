"""Incremental builds (#15): time from a change to a big corpus until a search shows it, as the CLI runs it.

For each ``--factor`` a synthetic corpus (``bench/synth.py``: that many copies of the bundled articles, one
article per file by default, so 100x is ~1,300 files) is built in full with an empty parse cache, then:

- **add**: one real article file (not in the corpus) is copied in;
- **edit**: a word of one existing article is replaced by a made-up word;
- **delete**: that article's file is removed;

and after each, ``corridors build`` runs again (a new interpreter, as a user runs it) and then
``corridors passages --q WORDS`` until it returns the new article / the edited passage / no longer the deleted
one. Prints the full build time and, per change, the build time, the time until searchable (build + search,
both whole CLI runs) and each as a share of the full build.

    .venv/bin/python bench/bench_incremental.py --factor 10 --factor 100
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synth import make_corpus  # noqa: E402

NEW = ROOT / "tests" / "data" / "tuneset" / "files" / "azernews-tap-sgc.txt"
CLI = [sys.executable, "-m", "corridors.cli"]
PACKAGES = ("corridors", "sources", "routes", "geo")
MARK = "zyqvexian"  # a made-up word no article contains


def _run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    took, out, _ = _run_cpu(args, env)
    return took, out


def _run_cpu(args: list[str], env: dict[str, str]) -> tuple[float, str, str]:
    """Wall seconds, stdout and stderr of one CLI run (stderr ends with the CPU seconds it took)."""
    before = os.times()
    t = time.perf_counter()
    out = subprocess.run([*CLI, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - t
    after = os.times()
    if out.returncode not in (0, 1):  # 1: some file could not be used (reported), still a build
        raise SystemExit(f"{' '.join(args)} failed ({out.returncode}):\n{out.stderr}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return took, out.stdout, f"{out.stderr}cpu {cpu:.2f}"


def compile_bytecode() -> None:
    """Compile the project's modules as an installed copy has them (pip compiles bytecode at install; a source
    tree run with PYTHONDONTWRITEBYTECODE=1 would compile every module on every start)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", *(str(ROOT / d) for d in PACKAGES)], check=True)


def _files_found(stdout: str) -> set[str]:
    return {Path(json.loads(line)["source"]["file"]).name for line in stdout.splitlines() if line.strip()}


def _words(text: str, n: int = 4) -> str:
    """A few long words of ``text`` (a paragraph) (searched ANDed): enough to single it out."""
    words = {w.strip(".,;:()\"'") for w in text.split()}
    return " ".join(sorted((w for w in words if w.isascii() and w.isalpha()), key=lambda w: (-len(w), w))[:n])


def _longest_paragraph(text: str) -> str:
    """The longest line of ``text`` (a paragraph: one passage)."""
    return max(text.splitlines(), key=len)


def _step(name: str, db: Path, corpus: Path, env: dict, query: str, want: str, present: bool, full: float) -> str:
    build, _, steps = _run_cpu(["build", "--corpus", str(corpus), "--db", str(db), "--quiet", "--timings"], env)
    search, out, search_cpu = _run_cpu(["passages", "--corpus", str(corpus), "--db", str(db), "--q", query,
                                        "--limit", "100", "--quiet"], env)
    found = want in _files_found(out)
    ok = "ok" if found == present else "NOT SEEN"
    return (f"  {name:<6} build {build:6.2f} s ({100 * build / full:4.1f}%)   until searchable "
            f"{build + search:6.2f} s ({100 * (build + search) / full:4.1f}%)   search result {ok}\n"
            f"         build steps: {'; '.join(steps.splitlines())}\n"
            f"         search: {search:.2f} s, {search_cpu.splitlines()[-1]}")


def bench(factor: int, work: Path, per_file: int) -> None:
    corpus, db = work / f"corpus-{factor}", work / f"index-{factor}.sqlite"
    shutil.rmtree(corpus, ignore_errors=True)
    files, size = make_corpus(corpus, factor, per_file=per_file)
    env = {**os.environ, "CORRIDORS_CACHE_DIR": str(work / f"cache-{factor}")}
    shutil.rmtree(env["CORRIDORS_CACHE_DIR"], ignore_errors=True)
    db.unlink(missing_ok=True)
    full, _ = _run(["build", "--corpus", str(corpus), "--db", str(db), "--quiet"], env)
    print(f"factor {factor}: {files} files, {size / 1e6:.1f} MB; full build (empty parse cache) {full:.2f} s")
    shutil.copy(NEW, corpus / "zz-new-article.txt")
    new_words = _words(_longest_paragraph(NEW.read_text(encoding="utf-8")))
    print(_step("add", db, corpus, env, new_words, "zz-new-article.txt", True, full))
    synthetic = sorted(corpus.glob("synthetic_*.txt"))
    target = synthetic[len(synthetic) // 2]
    text = target.read_text(encoding="utf-8")
    word = max((w for w in text.split() if w.isalpha() and w.islower()), key=len)
    target.write_text(text.replace(word, MARK, 1), encoding="utf-8")
    print(_step("edit", db, corpus, env, MARK, target.name, True, full))
    target.unlink()
    print(_step("delete", db, corpus, env, MARK, target.name, False, full))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factor", type=int, action="append", help="corpus size(s) (default: 10 and 100)")
    ap.add_argument("--per-file", type=int, default=1, help="articles per synthetic file (default 1)")
    ap.add_argument("--keep", help="keep the corpora, caches and indexes in this folder")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="bench-inc-"))
    work.mkdir(parents=True, exist_ok=True)
    compile_bytecode()
    try:
        for factor in args.factor or [10, 100]:
            bench(factor, work, args.per_file)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
