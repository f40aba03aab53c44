"""Reading files in: the native folder format and its writer, ESCO and O*NET frameworks,
job-description and profile documents, and requirements extracted from job-ad text.
Everything is validated whole before the store is touched."""
