"""Conformance suites, one per seam, as haystack's `testing/document_store.py` does: each
class holds the behaviour every implementation must show, and each implementation's test
class inherits it and supplies the implementation through a fixture. The deterministic
twins and the real back ends run the same tests."""
