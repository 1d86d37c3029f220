"""Demonstration ledgers: one unit's year (unit, with its fixed data, compliance work and operations)
and a province-scale generator (province)."""
