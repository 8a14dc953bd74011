"""Version of the code (SemVer). The data has its own version, see :func:`vn_units.data_info`."""

__version__ = "0.1.0"
