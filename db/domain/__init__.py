"""Pure rules of the domain: enums, errors, lifecycle, finding rules, deadlines, validators, field checks,
form codes, working days, rule data. No I/O on the ledger."""
