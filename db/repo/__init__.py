"""Repositories: short queries that hand back plain data (dicts and dataclasses), never live ORM objects."""
