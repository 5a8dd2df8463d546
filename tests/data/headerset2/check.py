"""Check labels.toml against files/ with the checks of ``../headerset/check.py``: every labelled paragraph
occurs verbatim (as a whole blank-line block) in its file, in order; the header holds the title/author strings."""
import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    spec = importlib.util.spec_from_file_location("headerset_check", HERE.parent / "headerset" / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.exit(1 if module.check(HERE) else 0)
