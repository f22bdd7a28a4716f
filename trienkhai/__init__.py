"""Triển khai — carry directives down to every unit and count what comes back up.

This package must stay importable without Django: ``trienkhai.textmine`` is a
plain library that lives under it.
"""
