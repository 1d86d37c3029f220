"""Reading spreadsheets sent by units (摸底自查表, 开办情况汇总表) into plain records; no Qt, no ledger."""
