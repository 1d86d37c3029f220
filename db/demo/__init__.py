"""Demonstration ledgers: one unit's year (unit) and a province-scale generator (province)."""
