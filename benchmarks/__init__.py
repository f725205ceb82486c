"""Benchmarks: run each module as a script; they report figures and are not part of the tests."""
