"""Plain helpers the tests import (servers, organisations); no fixtures live here."""
