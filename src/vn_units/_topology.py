"""What the data build (which writes the boundaries) and :mod:`vn_units.geo` (which reads them)
share: the file's header layout and arcs chained into rings. Pure: it imports no data.

An arc is referred to by its index ``a`` (its points in order) or by ``~a`` (reversed), as in
TopoJSON.

>>> ends = {0: ("A", "B"), 1: ("B", "A")}
>>> union_rings([[[0, 1]]], lambda r: ends[r] if r >= 0 else ends[~r][::-1])
[[0, 1]]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable

__all__ = ["HEADER", "MAGIC", "union_rings"]

HEADER = "<8sIIIIIII"
"""``boundaries.bin`` starts with this ``struct`` layout: magic, quantum (1e-7 degrees), units,
arcs, points, arc references, shape rows, patch rows; a zlib body follows."""
MAGIC = b"VNGEO1\n\0"
"""The first eight bytes of ``boundaries.bin`` in this format."""


def union_rings(
    polygons: Iterable[list[list[int]]], ends: Callable[[int], tuple[Hashable, Hashable]]
) -> list[list[int]]:
    """The boundary of a union of polygons (each a list of rings of arc references) as rings of
    arc references: the arcs not used in both directions, chained end to start (``ends(r)``
    gives the first and last point of reference ``r``) and split where a ring would touch
    itself. Interior arcs cancel; an arc used twice the same way (a source overlap) is kept
    twice: the multiset stays balanced at every point, so the chaining always closes."""
    net: dict[int, int] = {}
    for poly in polygons:
        for ring in poly:
            for r in ring:
                a = r if r >= 0 else ~r
                net[a] = net.get(a, 0) + (1 if r >= 0 else -1)
    boundary = [a if n > 0 else ~a for a, n in sorted(net.items()) for _ in range(abs(n))]
    by_start: dict[Hashable, list[int]] = {}
    for r in boundary:
        by_start.setdefault(ends(r)[0], []).append(r)
    left = Counter(boundary)
    rings: list[list[int]] = []
    for r0 in boundary:
        if not left[r0]:
            continue
        ring = [r0]
        left[r0] -= 1
        first, end = ends(r0)
        seen = {first: 0}
        while end != first:
            if end in seen:  # the ring touches itself here: the loop since then is a ring
                k = seen[end]
                rings.append(ring[k:])
                for r in ring[k:]:
                    seen.pop(ends(r)[0], None)
                del ring[k:]
            seen[end] = len(ring)
            nxt = next(r for r in by_start[end] if left[r])
            left[nxt] -= 1
            ring.append(nxt)
            end = ends(nxt)[1]
        rings.append(ring)
    return rings
