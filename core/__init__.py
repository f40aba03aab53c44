"""Cross-cutting pieces every layer may use: settings, the error family, logging."""
