"""Prompt templates, loaded by name and versioned."""
