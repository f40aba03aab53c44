"""Getting knowledge in (imports, the structured store, the index) and finding it again."""
