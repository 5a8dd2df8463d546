"""Write files/*.txt, labels.toml and the README article table of this set from the same strings (data_a.py,
data_b.py), with the writer of ``../headerset/build.py``.

Run: python3 build.py   (from this folder). Then: python3 check.py
"""
import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADING = ("# Corridor Atlas header test set 2 (headerset2) — labels written blind from the source text "
           "(no parser/linker output seen).")


def _writer():
    spec = importlib.util.spec_from_file_location("headerset_build", HERE.parent / "headerset" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_set


if __name__ == "__main__":
    from data_a import ARTICLES as A
    from data_b import ARTICLES as B

    _writer()(HERE, A + B, HEADING)
