"""Tanggap: the entry module. The one place that imports every package."""

__version__ = "0.1.0"
