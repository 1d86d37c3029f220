"""The ledger as files and connections: opening, keys, locks, sessions and the audit trail, backup/restore/rekey, migrations, check."""
