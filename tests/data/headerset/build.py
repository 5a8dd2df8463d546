"""Write files/*.txt, labels.toml and the README article table from the same strings (data_a.py, data_b.py).

Run: python3 build.py   (from this folder). Then: python3 check.py
(``../headerset2`` writes its own set with :func:`write_set`.)
"""
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADING = "# Corridor Atlas header test set — labels written blind from the source text (no parser/linker output seen)."
LAYOUT = "plain txt (header lines as printed, blank line, blank-line separated paragraphs)"


def q(s: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML escapes)."""
    return json.dumps(s, ensure_ascii=False)


def file_text(art: dict) -> str:
    blocks = []
    if art["header"]:
        blocks.append("\n".join(art["header"]))
    for item in art["body"]:
        blocks.append(item[1])
    return "\n\n".join(blocks) + "\n"


def routes_toml(routes: dict) -> str:
    if not routes:
        return "{}"
    return "{ " + ", ".join(f'{k} = "{v}"' for k, v in routes.items()) + " }"


def write_set(here: Path, articles: list[dict], heading: str) -> None:
    """Write ``here``'s files/, labels.toml, table.md.tmp and cuts.md.tmp from ``articles``."""
    keys = [a["key"] for a in articles]
    assert len(keys) == len(set(keys)), "duplicate key"
    (here / "files").mkdir(exist_ok=True)
    out = [heading, ""]
    rows = []
    for art in articles:
        name = f"files/{art['key']}.txt"
        (here / name).write_text(file_text(art), encoding="utf-8")
        out += ["[[article]]", f"key = {q(art['key'])}", f"files = [{q(name)}]", f"outlet = {q(art['outlet'])}",
                f"url = {q(art['url'])}", f"title = {q(art['title'])}",
                "authors = [" + ", ".join(q(a) for a in art["authors"]) + "]", f"date = {q(art['date'])}",
                f"layouts = [{q(LAYOUT)}]", ""]
        paras = [it for it in art["body"] if it[0] == "p"]
        for _, text, routes, actors, note in paras:
            out += ["[[article.paragraph]]", f"text = {q(text)}", f"routes = {routes_toml(routes)}",
                    "actors = [" + ", ".join(q(x) for x in actors) + "]"]
            if note:
                out.append(f"note = {q(note)}")
            out.append("")
        title = art["title"] or "*(none printed)*"
        authors = ", ".join(art["authors"]) or "[]"
        date = art["date"] or '""'
        shape = art["shape"].replace("|", "\\|")
        rows.append(f"| `{art['key']}` | {art['outlet']} | {art['url']} | {shape} | {title} | {authors} | "
                    f"{date} | {len(paras)} |")
    (here / "labels.toml").write_text("\n".join(out), encoding="utf-8")
    table = ["| key | outlet | URL | header shape | title | authors | date | paras |",
             "|---|---|---|---|---|---|---|---|"] + rows
    (here / "table.md.tmp").write_text("\n".join(table) + "\n", encoding="utf-8")
    cuts = [f"- `{a['key']}`: {a['cut']}" for a in articles if a["cut"]]
    (here / "cuts.md.tmp").write_text("\n".join(cuts) + "\n", encoding="utf-8")
    print(len(articles), "articles,", sum(1 for a in articles for it in a["body"] if it[0] == "p"), "paragraphs")


def main() -> None:
    from data_a import ARTICLES as A
    from data_b import ARTICLES as B

    write_set(HERE, A + B, HEADING)


if __name__ == "__main__":
    main()
