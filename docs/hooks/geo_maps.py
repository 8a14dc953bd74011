"""MkDocs hook: draw the two choropleths of the Geography guide at build time.

``docs/geo.md`` shows ``img/geo-provinces.png`` and ``img/geo-cantho.png``; they are never
committed: this hook renders them from the bundled boundaries (``vn_units.geo``) with
matplotlib and adds them to the site as generated files, so a data change redraws them.
"""

from __future__ import annotations

import io
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
            colours.append(values[f["id"]])
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


def on_files(files: Files, config: Any) -> Files:
    from vn_units import communes, geo

    per_province: dict[str, float] = {}
    for c in communes:
        per_province[c.province_code] = per_province.get(c.province_code, 0) + 1
    provinces = geo.to_geojson("province")["features"]
    cantho = geo.to_geojson("commune", province="92")["features"]
    area = {f["id"]: f["properties"]["area_km2"] for f in cantho}
    images = {
        "img/geo-provinces.png": _draw(provinces, per_province, "Communes per province",
                                       "communes"),
        "img/geo-cantho.png": _draw(cantho, area, "Cần Thơ: area of each commune", "km²"),
    }
    for uri, content in images.items():
        files.append(File.generated(config, uri, content=content))
    return files
