"""The HTTP edge: thin routers over the services."""
