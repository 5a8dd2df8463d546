"""Break each filter on purpose, one at a time, and list the unit tests that fail (the record at the top of
``tests/unit/test_filter_effects.py``).

Run ``python tests/mutate_filters.py [N ...]`` from the repository: it copies the tree to a temporary folder,
applies one mutation there, runs ``tests/unit`` on the copy, and moves on (the checkout is never touched).
About a minute per mutation.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MUTATIONS = Path(__file__).with_name("mutate_filters.toml")
#: What to run per mutation (``MUTATE_TESTS="tests/unit tests/store"`` to widen or narrow it).
TESTS = os.environ.get("MUTATE_TESTS", "tests/unit").split()


def main(only: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "tree"
        shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv", ".git", ".pytest_cache", "__pycache__"))
        env = {**os.environ, "CORRIDORS_CACHE_DIR": str(Path(tmp) / "cache")}
        muts = tomllib.loads(MUTATIONS.read_text(encoding="utf-8"))["mutation"]
        for i, m in enumerate(muts):
            name, path, old, new = m["name"], m["file"], m["old"], m["new"]
            if only and i not in only:
                continue
            f = root / path
            text = f.read_text()
            assert text.count(old) == 1, (name, text.count(old))
            f.write_text(text.replace(old, new))
            try:
                cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf", *TESTS]
                r = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env)
            finally:
                f.write_text(text)
            failed = sorted(set(re.findall(r"^FAILED (\S+?)(?: - |$)", r.stdout, re.M)))
            print(f"## {i} {name}: {r.stdout.strip().splitlines()[-1]}")
            print("   test_filter_effects:", ", ".join(x.split("::")[1] for x in failed if "test_filter_effects" in x)
                  or "NONE")
            print("   other unit tests:", ", ".join(x for x in failed if "test_filter_effects" not in x) or "none",
                  flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]])
