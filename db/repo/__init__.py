"""Repositories: short queries that hand back plain data (dicts and dataclasses), never live ORM objects;
and the entity records (:mod:`db.repo.entities`) with the hooks the services run when they save or
delete a record (:mod:`db.repo.record_hooks`)."""
