"""Rule sets as data (TOML), loaded by :mod:`db.domain.rules`."""
