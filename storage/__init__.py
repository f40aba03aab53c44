"""Keeping records: the SQL schema, the store (transactional loads, queries, erasure) and
one repository per kind of operational record (plans, API keys, audit log, conversations)."""
