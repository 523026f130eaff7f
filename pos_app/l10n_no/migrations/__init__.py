"""Alembic revisions of the Norwegian rules' tables (legal receipts, signatures, Z reports) and
their append-only guards. They sit in core's one revision chain (their ids and order never
change, so a database made before the split upgrades as before); core's Alembic set-up reads this
folder through the fiscal seam (``FiscalRules.migrations``)."""
