"""One router per resource; combined in api/main.py."""
