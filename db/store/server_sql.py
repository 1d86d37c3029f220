"""The SQL that makes a PostgreSQL ledger a department server: audit triggers and row-level security.

Everything here is generated from the models (``Base.metadata``), so a table or column added by a
migration is covered by running ``dengbao-cli server init`` again (it replaces what it created).

The audit trail is written by the database itself:

- an ``AFTER INSERT OR UPDATE OR DELETE`` row trigger on every audited table (a ``SECURITY DEFINER``
  function per table) records the change, encoded exactly as the program's own writer does
  (:func:`db.store.audit.encode_row` / :func:`db.store.audit.encode`: ISO timestamps, ``sha256:`` for
  bytes), with ``session_user`` (the officer's login, whatever role the session switched to) and the
  server's transaction time, into ``dengbao_audit_pending``;
- a deferred constraint trigger on that table links the transaction's pending changes into the hash
  chain (:func:`db.store.audit.link_hash`, same payload) at commit: the single ``audit_head`` row is
  locked only for the few milliseconds of the commit, not from the first write of a transaction to its
  end, so unrelated writers no longer queue behind each other's open transactions.

Client roles hold no privilege on the trail but ``SELECT``, own none of the tables (so cannot disable a
trigger), and cannot reach the pending table at all: a change without an event is impossible for them.

Row-level security scopes every table by the officer's organisation subtree
(``organizations.parent_id``), looked up in ``dengbao_officers`` by ``session_user``:
organisations directly, tables with ``organization_id`` through the organisations the officer sees,
tables of an object through ``protected_objects``, and so on down the foreign keys, because the policy
sub-queries are themselves filtered by the policies of the tables they read. Attachments and audit
events follow the record they belong to (``entity_type``/``entity`` and ``entity_id``).
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from db.models import Base
from db.store.audit_replay import audited_tables

PENDING = "dengbao_audit_pending"
OFFICERS = "dengbao_officers"
AUDIT_TRIGGER = "dengbao_audit"
CHAIN_TRIGGER = "dengbao_audit_chain"
POLICY_READ = "dengbao_read"
POLICY_WRITE = "dengbao_write"
ROLE_KINDS = ("unit", "supervisor", "auditor", "admin")
WRITER_KINDS = ("unit", "supervisor", "admin")
#: tables readable by every officer and written by none through the program's roles
READ_ONLY_TABLES = ("audit_events", "audit_head", "alembic_version")
#: reference tables shared by the whole department (no organisation of their own)
SHARED_TABLES = ("institutions", "notices", "ledger_meta")
#: columns whose change the trail does not record as an event of its own
UNAUDITED_UPDATE_COLUMNS = frozenset({"updated_at"})
#: a JSON value's upper limit for the arguments of one ``jsonb_build_object`` call (100 in PostgreSQL)
_PAIRS_PER_CALL = 40


def group_role(database: str, kind: str) -> str:
    """The group role of ``kind`` for the ledger in ``database`` (per database, so several ledgers
    and the tests' throwaway databases on one server never share roles)."""
    base = database if len(database) <= 50 else "dengbao_" + hashlib.sha256(database.encode()).hexdigest()[:16]
    return f"{base}_{kind}"


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def ledger_tables() -> list[sa.Table]:
    return list(Base.metadata.sorted_tables)


# --- the audit trail ---------------------------------------------------------------------------------

ISO_FUNCTION = """
CREATE OR REPLACE FUNCTION dengbao_iso(t timestamp) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS')
         || CASE WHEN mod(date_part('microseconds', t)::bigint, 1000000) <> 0
                 THEN '.' || to_char(t, 'US') ELSE '' END
$$;
"""

PENDING_TABLE = f"""
CREATE TABLE IF NOT EXISTS {PENDING} (
    seq bigserial PRIMARY KEY,
    txid bigint NOT NULL DEFAULT txid_current(),
    at timestamp NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    entity text NOT NULL,
    entity_id integer,
    field text,
    old_value text,
    new_value text
);
CREATE INDEX IF NOT EXISTS ix_{PENDING}_txid ON {PENDING} (txid);
ALTER TABLE {PENDING} ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON {PENDING} FROM PUBLIC;
"""

#: links the transaction's pending changes into the chain; fired at commit (deferred), once per
#: pending row, the first firing doing all the work and the others finding nothing left
CHAIN_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {CHAIN_TRIGGER}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    head_id integer;
    head_hash text;
    r record;
    payload bytea;
    digest text;
    sep bytea := '\\x1f'::bytea;
    nul bytea := '\\x00'::bytea;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM {PENDING} WHERE seq = NEW.seq) THEN
        RETURN NULL;
    END IF;
    INSERT INTO audit_head (id, last_event_id, last_hash) VALUES (1, 0, repeat('0', 64))
        ON CONFLICT (id) DO NOTHING;
    SELECT last_event_id, last_hash INTO head_id, head_hash FROM audit_head WHERE id = 1 FOR UPDATE;
    FOR r IN SELECT * FROM {PENDING} WHERE txid = txid_current() ORDER BY seq LOOP
        head_id := head_id + 1;
        payload := convert_to(head_hash, 'UTF8') || sep
            || convert_to(head_id::text, 'UTF8') || sep
            || convert_to(dengbao_iso(r.at), 'UTF8') || sep
            || convert_to(r.actor, 'UTF8') || sep
            || convert_to(r.action, 'UTF8') || sep
            || convert_to(r.entity, 'UTF8') || sep
            || convert_to(coalesce(r.entity_id::text, ''), 'UTF8') || sep
            || convert_to(coalesce(r.field, ''), 'UTF8') || sep
            || coalesce(convert_to(r.old_value, 'UTF8'), nul) || sep
            || coalesce(convert_to(r.new_value, 'UTF8'), nul);
        digest := encode(sha256(payload), 'hex');
        INSERT INTO audit_events (id, at, actor, action, entity, entity_id, field, old_value, new_value,
                                  prev_hash, hash)
        VALUES (head_id, r.at, r.actor, r.action, r.entity, r.entity_id, r.field, r.old_value,
                r.new_value, head_hash, digest);
        head_hash := digest;
    END LOOP;
    DELETE FROM {PENDING} WHERE txid = txid_current();
    UPDATE audit_head SET last_event_id = head_id, last_hash = head_hash WHERE id = 1;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS {CHAIN_TRIGGER} ON {PENDING};
CREATE CONSTRAINT TRIGGER {CHAIN_TRIGGER} AFTER INSERT ON {PENDING}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {CHAIN_TRIGGER}();
"""


def _json_value(record: str, column: sa.Column[object]) -> str:
    """SQL for the column's value as the program's audit writer encodes it (a ``jsonb``)."""
    ref = f"{record}.{q(column.name)}"
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return f"to_jsonb(dengbao_iso({ref}::timestamp))"
    if isinstance(kind, sa.LargeBinary):
        return f"to_jsonb('sha256:' || encode(sha256({ref}), 'hex'))"
    if isinstance(kind, sa.JSON):
        return f"{ref}::jsonb"
    return f"to_jsonb({ref})"


def _row_json(record: str, table: sa.Table) -> str:
    pairs = [f"'{c.name}', coalesce({_json_value(record, c)}, 'null'::jsonb)" for c in table.columns]
    calls = [
        "jsonb_build_object(" + ", ".join(pairs[i : i + _PAIRS_PER_CALL]) + ")"
        for i in range(0, len(pairs), _PAIRS_PER_CALL)
    ]
    return "(" + " || ".join(calls) + ")::text"


def _comparable(record: str, column: sa.Column[object]) -> str:
    ref = f"{record}.{q(column.name)}"
    return f"{ref}::jsonb" if isinstance(column.type, sa.JSON) else ref


def audit_function_sql(table: sa.Table) -> str:
    """The trigger function and trigger that audit ``table``."""
    name = f"dengbao_audit_{table.name}"
    pending = f"INSERT INTO {PENDING} (at, actor, action, entity, entity_id, field, old_value, new_value) VALUES"
    updates = []
    for column in table.columns:
        if column.name in UNAUDITED_UPDATE_COLUMNS:
            continue
        old, new = _comparable("OLD", column), _comparable("NEW", column)
        updates.append(
            f"        IF {old} IS DISTINCT FROM {new} THEN\n"
            f"            {pending} (at_, who, 'update', '{table.name}', NEW.id, '{column.name}',\n"
            f"                ({_json_value('OLD', column)})::text, ({_json_value('NEW', column)})::text);\n"
            f"        END IF;"
        )
    body = "\n".join(updates)
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    who text := session_user;
    at_ timestamp := now() AT TIME ZONE 'UTC';
BEGIN
    IF TG_OP = 'INSERT' THEN
        {pending} (at_, who, 'insert', '{table.name}', NEW.id, NULL, NULL, {_row_json('NEW', table)});
    ELSIF TG_OP = 'DELETE' THEN
        {pending} (at_, who, 'delete', '{table.name}', OLD.id, NULL, {_row_json('OLD', table)}, NULL);
    ELSE
{body}
    END IF;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS {AUDIT_TRIGGER} ON {q(table.name)};
CREATE TRIGGER {AUDIT_TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {q(table.name)}
    FOR EACH ROW EXECUTE FUNCTION {name}();
"""


def audit_sql() -> list[str]:
    return [ISO_FUNCTION, PENDING_TABLE, CHAIN_FUNCTION, *(audit_function_sql(t) for t in audited_tables())]


# --- officers and their scope ------------------------------------------------------------------------

OFFICER_SQL = f"""
CREATE TABLE IF NOT EXISTS {OFFICERS} (
    login name PRIMARY KEY,
    role text NOT NULL CHECK (role IN ('unit', 'supervisor', 'auditor', 'admin')),
    org_id integer REFERENCES organizations (id),
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    created_by name NOT NULL DEFAULT session_user
);
ALTER TABLE {OFFICERS} ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON {OFFICERS} FROM PUBLIC;
CREATE OR REPLACE FUNCTION dengbao_officer_role() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT role FROM {OFFICERS} WHERE login = session_user AND NOT disabled
$$;
CREATE OR REPLACE FUNCTION dengbao_sees_all() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM {OFFICERS} WHERE login = session_user AND NOT disabled
                 AND (role = 'admin' OR (role = 'auditor' AND org_id IS NULL)))
$$;
CREATE OR REPLACE FUNCTION dengbao_can_write() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM {OFFICERS} WHERE login = session_user AND NOT disabled
                 AND role IN ('unit', 'supervisor', 'admin'))
$$;
CREATE OR REPLACE FUNCTION dengbao_scope() RETURNS SETOF integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH RECURSIVE tree(id) AS (
      SELECT org_id FROM {OFFICERS} WHERE login = session_user AND NOT disabled AND org_id IS NOT NULL
      UNION
      SELECT o.id FROM organizations o JOIN tree ON o.parent_id = tree.id
  )
  SELECT id FROM tree
$$;
CREATE OR REPLACE FUNCTION dengbao_whoami(OUT login text, OUT role text, OUT org_id integer,
                                          OUT org_name text, OUT orgs integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT session_user::text, o.role, o.org_id, g.name,
         (SELECT count(*)::integer FROM dengbao_scope())
  FROM (SELECT 1) one
  LEFT JOIN {OFFICERS} o ON o.login = session_user AND NOT o.disabled
  LEFT JOIN organizations g ON g.id = o.org_id
$$;
"""

ALL = "(SELECT dengbao_sees_all())"
WRITE = "(SELECT dengbao_can_write())"
SCOPE = "(SELECT dengbao_scope())"


def _entity_scope(column: str, id_column: str, *, own: str) -> str:
    """Visibility of a row that names another record by table name and id (attachments, events);
    ``own``: the table the policy is on (never read inside its own policy: that would recurse)."""
    cases = [
        f"WHEN '{t.name}' THEN {id_column} IN (SELECT id FROM {q(t.name)})"
        for t in audited_tables()
        if t.name not in SHARED_TABLES and t.name != own
    ]
    shared = ", ".join(f"'{n}'" for n in SHARED_TABLES)
    return f"(CASE {column} " + " ".join(cases) + f" ELSE {column} IN ({shared}) END)"


def scope_condition(table: sa.Table) -> tuple[str, str] | None:
    """(rows an officer may see, new rows an officer may write) of a scoped table; None: shared."""
    names = set(table.c.keys())
    if table.name == "organizations":
        # a new sub-unit is in scope through its parent (the scope is read before the insert)
        cond = f"(id IN {SCOPE} OR parent_id IN {SCOPE})"
        return cond, cond
    if table.name == "attachments":
        cond = _entity_scope("entity_type", "entity_id", own="attachments")
        return cond, cond
    if table.name == "audit_events":
        return _entity_scope("entity", "entity_id", own="audit_events"), "false"
    if "organization_id" in names:
        cond = "organization_id IN (SELECT id FROM organizations)"
        if table.c.organization_id.nullable:
            cond = f"(organization_id IS NULL OR {cond})"
        return cond, cond
    if "object_id" in names:
        cond = "object_id IN (SELECT id FROM protected_objects)"
        if table.c.object_id.nullable:
            cond = f"(object_id IS NULL OR {cond})"
        return cond, cond
    for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
        if not fk.parent.nullable and fk.column.table.name != table.name:
            cond = f"{q(fk.parent.name)} IN (SELECT {q(fk.column.name)} FROM {q(fk.column.table.name)})"
            return cond, cond
    return None


def policy_sql(table: sa.Table) -> str:
    name = q(table.name)
    out = [
        f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;",
        f"DROP POLICY IF EXISTS {POLICY_READ} ON {name};",
        f"DROP POLICY IF EXISTS {POLICY_WRITE} ON {name};",
    ]
    scope = scope_condition(table)
    if scope is None:
        out.append(f"CREATE POLICY {POLICY_READ} ON {name} FOR SELECT USING (true);")
        if table.name not in READ_ONLY_TABLES:
            out.append(f"CREATE POLICY {POLICY_WRITE} ON {name} FOR ALL USING ({WRITE}) WITH CHECK ({WRITE});")
        return "\n".join(out)
    see, write = scope
    out.append(f"CREATE POLICY {POLICY_READ} ON {name} FOR SELECT USING ({ALL} OR {see});")
    if table.name not in READ_ONLY_TABLES:
        out.append(
            f"CREATE POLICY {POLICY_WRITE} ON {name} FOR ALL USING ({WRITE} AND ({ALL} OR {see})) "
            f"WITH CHECK ({WRITE} AND ({ALL} OR {write}));"
        )
    return "\n".join(out)


def officer_policy_sql() -> str:
    """Officers see their own entry (administrators and department-wide auditors all); the schema
    version is readable by everyone."""
    return (
        "ALTER TABLE alembic_version ENABLE ROW LEVEL SECURITY;\n"
        f"DROP POLICY IF EXISTS {POLICY_READ} ON alembic_version;\n"
        f"CREATE POLICY {POLICY_READ} ON alembic_version FOR SELECT USING (true);\n"
        f"DROP POLICY IF EXISTS {POLICY_READ} ON {OFFICERS};\n"
        f"CREATE POLICY {POLICY_READ} ON {OFFICERS} FOR SELECT USING (login = session_user OR {ALL});"
    )


def grants_sql(database: str) -> list[str]:
    """Least privilege: every officer reads; writers insert, update and delete ledger data (never the
    trail, never TRUNCATE, which would bypass the row triggers); nobody else gets anything."""
    tables = [t.name for t in ledger_tables()]
    everyone = ", ".join(q(group_role(database, k)) for k in ROLE_KINDS)
    writers = ", ".join(q(group_role(database, k)) for k in WRITER_KINDS)
    data = [n for n in tables if n not in READ_ONLY_TABLES]
    listed = ", ".join(q(n) for n in tables)
    out = [
        f"REVOKE ALL ON {listed}, {OFFICERS}, {PENDING} FROM PUBLIC, {everyone};",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, {everyone};",
        f"GRANT CONNECT ON DATABASE {q(database)} TO {everyone};",
        f"GRANT USAGE ON SCHEMA public TO {everyone};",
        f"REVOKE ALL ON alembic_version FROM PUBLIC, {everyone};",
        f"GRANT SELECT ON {listed}, {OFFICERS}, alembic_version TO {everyone};",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(q(n) for n in data)} TO {writers};",
        f"GRANT EXECUTE ON FUNCTION dengbao_whoami(), dengbao_scope(), dengbao_sees_all(), "
        f"dengbao_can_write(), dengbao_officer_role() TO {everyone};",
    ]
    for table in ledger_tables():
        if table.name in READ_ONLY_TABLES:
            continue
        for column in table.columns:
            if column.autoincrement is True or (
                column.primary_key and isinstance(column.type, sa.Integer) and len(table.primary_key) == 1
            ):
                out.append(
                    f"DO $$ BEGIN IF pg_get_serial_sequence('{table.name}', '{column.name}') IS NOT NULL THEN "
                    f"EXECUTE 'GRANT USAGE, SELECT ON SEQUENCE ' || pg_get_serial_sequence('{table.name}', "
                    f"'{column.name}') || ' TO {writers.replace(chr(39), chr(39) * 2)}'; END IF; END $$;"
                )
    return out


def sequences_sql() -> list[str]:
    """Move every id sequence past the largest id in its table (after rows were copied with their
    ids), never back: ids a running import has taken from it but not yet written stay its own."""
    out = []
    for table in ledger_tables():
        if "id" not in table.c or not isinstance(table.c.id.type, sa.Integer):
            continue
        out.append(
            f"DO $$ DECLARE s text := pg_get_serial_sequence('{table.name}', 'id'); top bigint; BEGIN "
            f"IF s IS NOT NULL THEN "
            f"top := greatest((SELECT max(id) FROM {q(table.name)}), pg_sequence_last_value(s::regclass)); "
            f"PERFORM setval(s, coalesce(top, 1), top IS NOT NULL); END IF; END $$;"
        )
    return out
