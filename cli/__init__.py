"""The `talent` command."""
