"""``python -m vn_units``: the ``vn-units`` command (see :mod:`vn_units.cli`)."""

from __future__ import annotations

import sys

from vn_units.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
