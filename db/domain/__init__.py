"""Pure rules of the domain: enums, errors, lifecycle, deadlines, validators, working days, rule data. No I/O on the ledger."""
