"""Check labels.toml against files/: every labelled paragraph occurs verbatim (as a whole blank-line block) in its
file, in order; the file's header block holds the title/author strings; keys unique."""
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def check(here: Path) -> int:
    """Print every problem of the set in ``here``; the number of problems."""
    data = tomllib.loads((here / "labels.toml").read_text(encoding="utf-8"))
    bad = 0
    keys = [a["key"] for a in data["article"]]
    assert len(keys) == len(set(keys)), "duplicate keys"
    for art in data["article"]:
        for f in art["files"]:
            text = (here / f).read_text(encoding="utf-8")
            blocks = text.rstrip("\n").split("\n\n")
            pos = 0
            for p in art["paragraph"]:
                t = p["text"]
                if t not in text:
                    print(f"{f}: paragraph not found: {t[:60]!r}"); bad += 1; continue
                if t not in blocks[pos:]:
                    print(f"{f}: paragraph not a whole block in order: {t[:60]!r}"); bad += 1; continue
                pos = blocks.index(t, pos) + 1
            head = blocks[0] if not text.startswith(art["paragraph"][0]["text"]) else ""
            if art["title"] and art["title"] not in head.split("\n"):
                print(f"{f}: title is not a header line"); bad += 1
            for a in art["authors"]:
                if a not in head:
                    print(f"{f}: author {a!r} not in header"); bad += 1
            assert all(v in ("primary", "mention") for p in art["paragraph"] for v in p["routes"].values())
    print("articles:", len(keys), "paragraphs:", sum(len(a["paragraph"]) for a in data["article"]), "problems:", bad)
    return bad


if __name__ == "__main__":
    sys.exit(1 if check(HERE) else 0)
