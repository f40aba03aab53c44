"""Evaluation harness: suites, metrics, reports."""
