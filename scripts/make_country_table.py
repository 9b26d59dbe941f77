"""Regenerate briefbot/language/country_table.py from the ``countryinfo`` package's data.

    .venv/bin/python -m pip install countryinfo   # only needed to regenerate, not at run time
    .venv/bin/python scripts/make_country_table.py

Every country and territory in countryinfo (ISO 3166) becomes one entry: its English
names (name and Latin-script alternative spellings), its demonyms ("American",
"Antiguan,Barbudan" split in two) and its ISO alpha-2/alpha-3 codes.  A demonym the
data gives to several entries ("American": the United States and the Northern Mariana
Islands; "Chinese": China, Hong Kong, Macau) stays with the most populous of them, so
every form names one entry.  Nothing is added or removed by hand.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import countryinfo

OUT = Path(__file__).resolve().parents[1] / "briefbot" / "country_table.py"
CODE = re.compile(r"[A-Z]{2,3}")


def _demonyms(data: dict) -> set[str]:
    return {d.strip() for d in re.split(r",|/|\band\b", data.get("demonym") or "") if d.strip()}


def entries() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    rows = []
    records = [json.loads(p.read_text(encoding="utf-8"))
               for p in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json"))]
    owner: dict[str, tuple[int, str]] = {}
    for data in records:
        for d in _demonyms(data):
            owner[d] = max(owner.get(d, (-1, "")), (int(data.get("population") or 0), data.get("name") or ""))
    for data in records:
        iso = data.get("ISO") or {}
        codes = {c for c in (iso.get("alpha2"), iso.get("alpha3")) if c}
        names = {data["name"]} if data.get("name") else set()
        for alt in data.get("altSpellings") or []:
            if CODE.fullmatch(alt):
                codes.add(alt)
            elif alt.isascii() and re.fullmatch(r"[A-Za-z .,'()\-]+", alt):
                names.add(alt)
        demonyms = {d for d in _demonyms(data) if owner[d][1] == data.get("name")}
        forms = tuple(sorted(names | demonyms))
        if forms:
            rows.append((forms, tuple(sorted(codes))))
    return rows


def main() -> None:
    rows = entries()
    version = getattr(countryinfo, "__version__", "")
    lines = [
        "# ruff: noqa: E501",
        '"""Countries and territories: English names, demonyms and ISO codes (generated, do not edit).',
        "",
        f"Made by scripts/make_country_table.py from countryinfo {version} data: {len(rows)} entries.",
        '"""',
        "",
        "COUNTRIES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (",
        *(f"    ({forms!r}, {codes!r})," for forms, codes in rows),
        ")",
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {OUT} ({len(rows)} entries)")


if __name__ == "__main__":
    main()
