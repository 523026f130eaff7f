"""The Norwegian cash-register rules (kassasystemforskrifta, FOR-2015-12-18-1616, and the
bookkeeping regulation's receipt rules): the journal's event codes, legal receipts in unbroken
series, the register's X and Z reports, training mode, the cash drawer, and the SAF-T Cash
Register export. docs/cash-register.md maps each rule to the module that meets it."""
