"""MkDocs hook: draw the two choropleths of the Geography guide at build time.

``docs/geo.md`` shows ``img/geo-provinces.png`` and ``img/geo-communes.png``; they are never
committed: this hook reads the address column of the test corpus (``tests/corpus/*.jsonl``,
hand-written and generated addresses), converts every address with
``vn_units.convert_address``, counts them per current province and per commune of the
province with the most, and draws both counts on the bundled boundaries (``vn_units.geo``)
with matplotlib, adding the pictures to the site as generated files: a change of the data,
the reader or the corpus redraws them.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files


def _draw(features: list[dict[str, Any]], values: dict[str, float], title: str,
          label: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Polygon

    patches, colours = [], []
    for f in features:
        for poly in f["geometry"]["coordinates"]:
            patches.append(Polygon(poly[0], closed=True))
            colours.append(values.get(f["id"], 0))
    fig, ax = plt.subplots(figsize=(5, 7), dpi=100)
    coll = PatchCollection(patches, cmap="OrRd", edgecolor="grey", linewidth=0.2)
    coll.set_array(colours)
    ax.add_collection(coll)
    ax.autoscale_view()
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title, fontsize=10)
    fig.colorbar(coll, ax=ax, shrink=0.6, label=label)
    out = io.BytesIO()
    fig.savefig(out, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return out.getvalue()


def _addresses(config: Any) -> list[str]:
    corpus = Path(config["config_file_path"]).parent / "tests" / "corpus"
    return [json.loads(line)["text"]
            for name in ("handwritten.jsonl", "generated.jsonl")
            for line in (corpus / name).read_text(encoding="utf-8").splitlines() if line]


def on_files(files: Files, config: Any) -> Files:
    from vn_units import communes, convert_address, geo, provinces

    texts = _addresses(config)
    per_province: Counter[str] = Counter()
    per_commune: Counter[str] = Counter()
    for text in texts:
        result = convert_address(text)
        if result.province is not None:
            per_province[result.province.code] += 1
        if len(result.candidates) == 1:
            per_commune[result.candidates[0].code] += 1
    top = per_province.most_common(1)[0][0]
    name = provinces[top].name
    in_top = sum(n for code, n in per_commune.items() if communes[code].province_code == top)
    images = {
        "img/geo-provinces.png": _draw(
            geo.to_geojson("province")["features"], dict(per_province),
            f"Addresses per province ({sum(per_province.values()):,} of {len(texts):,} read)",
            "addresses"),
        "img/geo-communes.png": _draw(
            geo.to_geojson("commune", province=top)["features"], dict(per_commune),
            f"{name}: addresses per commune ({in_top:,} of {per_province[top]:,} "
            "with one commune)", "addresses"),
    }
    for uri, content in images.items():
        files.append(File.generated(config, uri, content=content))
    return files
