"""Migrations: new ledgers at head, newer ledgers refused untouched, upgrades backed up first."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from db.domain.errors import CorruptLedgerError, NewerLedgerError
from db.models import Organization
from db.store import migrate, schema_version
from db.store.backup import connect_file, key_opens, list_backups
from db.store.check import check_ledger
from db.store.storage import open_ledger

SECOND_REVISION = '''"""test-only second revision"""
import sqlalchemy as sa
from alembic import op

revision = "0099_test"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("test_extra", sa.Column("id", sa.Integer(), primary_key=True))
    {fail}


def downgrade() -> None:
    op.drop_table("test_extra")
'''


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _revision(ledger) -> str | None:
    with ledger.connect() as conn:
        return migrate.current_revision(conn)


@pytest.fixture
def newer_program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Pretend this program ships one more migration (a copy of the migrations folder + 0099_test)."""

    def install(*, failing: bool = False) -> str:
        folder = tmp_path / "migrations"
        shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
        fail = 'raise RuntimeError("migration step failed")' if failing else ""
        text = SECOND_REVISION.format(head=migrate.head_revision(), fail=fail)
        (folder / "versions" / "0099_test.py").write_text(text, encoding="utf-8")
        monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
        # the start-up check reads the migration files without Alembic: point it at the same folder
        monkeypatch.setattr(schema_version, "VERSIONS_DIR", folder / "versions")
        schema_version.head_revision.cache_clear()
        monkeypatch.setattr(schema_version, "head_revision", schema_version.head_revision.__wrapped__)
        return "0099_test"

    return install


def test_new_ledger_is_at_head_with_its_metadata(ledger) -> None:
    assert _revision(ledger) == migrate.head_revision()
    assert ledger.backup_before_migration is None
    with ledger.connect() as conn:
        meta = migrate.read_meta(conn)
    assert {"ledger_id", "created_by_version", "created_at"} <= set(meta)


def test_a_ledger_from_a_newer_program_is_refused_and_untouched(ledger_path: Path) -> None:
    led = open_ledger(ledger_path)
    key = led.key
    led.close()
    conn = connect_file(ledger_path, key)
    conn.execute("UPDATE alembic_version SET version_num = '0500_from_the_future'")
    conn.close()
    before = sha256(ledger_path)
    with pytest.raises(NewerLedgerError, match="0500_from_the_future"):
        open_ledger(ledger_path)
    assert sha256(ledger_path) == before
    assert not list_backups(ledger_path.parent / "backups")
    assert not ledger_path.with_name(ledger_path.name + "-wal").exists()


def test_upgrade_backs_up_the_older_ledger_first(ledger_path: Path, newer_program) -> None:
    led = open_ledger(ledger_path)
    with led.session() as s:
        s.add(Organization(name="升级前的单位"))
    old_head, key = migrate.head_revision(), led.key
    led.close()

    new_head = newer_program()
    led = open_ledger(ledger_path)
    assert _revision(led) == new_head
    backup = led.backup_before_migration
    assert backup is not None and backup.name.endswith("-before-migration.db")
    assert backup.parent == ledger_path.parent / "backups"
    assert key_opens(backup, key) and "升级前的单位".encode() not in backup.read_bytes()
    old = connect_file(backup, key)
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old_head
    assert old.execute("SELECT name FROM organizations").fetchall() == [("升级前的单位",)]
    old.close()
    with led.connect() as conn:
        assert "test_extra" in sa.inspect(conn).get_table_names()
    assert check_ledger(led).ok
    led.close()


def test_a_failing_migration_step_leaves_the_ledger_at_its_old_revision(
    ledger_path: Path, newer_program
) -> None:
    led = open_ledger(ledger_path)
    with led.session() as s:
        s.add(Organization(name="甲"))
    old_head = migrate.head_revision()
    led.close()
    newer_program(failing=True)
    with pytest.raises(RuntimeError, match="migration step failed"):
        open_ledger(ledger_path)
    assert [b.reason for b in list_backups(ledger_path.parent / "backups")] == ["before-migration"]
    led = open_ledger(ledger_path, migrate=False)
    assert _revision(led) == old_head
    with led.connect() as conn:
        assert "test_extra" not in sa.inspect(conn).get_table_names()
    assert check_ledger(led).ok
    led.close()


def test_a_database_with_tables_but_no_revision_is_not_taken_for_a_ledger(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    engine.dispose()
    before = sha256(path)
    with pytest.raises(CorruptLedgerError, match="不像是等保台账"):
        open_ledger(path)
    assert sha256(path) == before


def test_copy_aside_keeps_its_api(ledger) -> None:
    copy = migrate.copy_aside(ledger, "before-0002 upgrade")
    assert copy is not None and copy.name.endswith("-before-upgrade.db") and key_opens(copy, ledger.key)
