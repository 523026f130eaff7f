"""A payment's statements as SQL text, run on the driver's cursor inside SQLAlchemy's transaction.

Executed through SQLAlchemy Core, a payment's seven statements took 1.08 ms of CPU per request
(the app called in-process, no network); on the driver's cursor, 0.67 ms: Core's Python per
statement (the compiled cache, the execution context, the result's setup) was the larger part of
a payment (benchmarks/README.md). These run on the same DB-API connection, inside the transaction
`store.transaction` began, so the pool, the schema, the locking and every other endpoint stay on
Core. The text is portable SQL written with sqlite3's `:name` parameters; other drivers (psycopg)
get it with `%(name)s`."""

from __future__ import annotations

import re
from typing import Any, Mapping

from sqlalchemy.engine import Connection


class Sql:
    def __init__(self, text: str) -> None:
        self.sqlite = " ".join(text.split())
        self.pyformat = re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", self.sqlite)


def run(conn: Connection, sql: Sql, params: Mapping[str, Any]) -> Any:
    """Execute on the connection's own DB-API cursor; returns the cursor (rows, rowcount)."""
    cursor = conn.connection.cursor()
    cursor.execute(sql.sqlite if conn.dialect.name == "sqlite" else sql.pyformat, params)
    return cursor


# "key" is quoted: a keyword in both databases' grammars, though neither reserves it.
STORED = Sql("""SELECT request_hash, status_code, body, created_at FROM bank_idempotency
                WHERE terminal_id = :terminal AND "key" = :key""")
# A payment's answer, kept in its row (store.payments): always 201 Created, a decline included.
# Rows made before payments held their answer have none; bank_idempotency holds their keys.
PAID = Sql("""SELECT request_hash, 201, answer, created_at FROM bank_payments
              WHERE terminal_id = :terminal AND idempotency_key = :key AND answer IS NOT NULL""")
# "Seen before" and "claimed before" in one statement each: a row comes back only when inserted.
SEEN = Sql("""INSERT INTO bank_seen_signatures (terminal_id, signature, t) VALUES (:terminal, :signature, :t)
              ON CONFLICT DO NOTHING RETURNING terminal_id""")
CLAIM = Sql("""INSERT INTO bank_idempotency (terminal_id, "key", request_hash, status_code, body, created_at)
               VALUES (:terminal, :key, :request_hash, :status, :body, :at)
               ON CONFLICT DO NOTHING RETURNING terminal_id""")
# The answer under the key: over the claim's "in progress" row, or the key's first row where the
# claim wrote none (app.claim's mark).
FINISH = Sql("""INSERT INTO bank_idempotency (terminal_id, "key", request_hash, status_code, body, created_at)
                VALUES (:terminal, :key, :request_hash, :status, :body, :at)
                ON CONFLICT (terminal_id, "key") DO UPDATE
                SET status_code = excluded.status_code, body = excluded.body, created_at = excluded.created_at""")
TOKEN_ACCOUNT = Sql("""SELECT t.revoked, t.merchant, a.number, a.currency, a.status, a.per_payment_limit_minor
                       FROM bank_tokens t JOIN bank_accounts a ON a.number = t.account_number
                       WHERE t.token = :token""")
# The ledger's guard: the database checks and debits the row in one step under its row lock, so
# concurrent payments cannot all pass a check made on a stale read. rowcount 0: refused.
DEBIT_IF_FUNDED = Sql("""UPDATE bank_accounts SET balance_minor = balance_minor - :amount
                         WHERE number = :number AND status = 'active' AND balance_minor >= :amount""")
# The same guard for a payment by token, in the one statement nearly every payment needs: the
# token is this merchant's and not revoked, the account active, in the payment's currency, not a
# test account (their amounts trigger declines and faults), within its per-payment limit and
# funded. No row back: one of these failed, and app.refusal finds which.
CHARGE_TOKEN = Sql("""UPDATE bank_accounts SET balance_minor = balance_minor - :amount
                      WHERE number = (SELECT account_number FROM bank_tokens
                                      WHERE token = :token AND merchant = :merchant AND NOT revoked)
                      AND currency = :currency AND status = 'active' AND number NOT LIKE :test_accounts
                      AND per_payment_limit_minor >= :amount AND balance_minor >= :amount
                      RETURNING number""")
INSERT_PAYMENT = Sql("""INSERT INTO bank_payments (id, terminal_id, token, account_number, amount_minor, currency,
                        status, decline_code, captured_minor, refunded_minor, order_reference, idempotency_key,
                        created_at, request_hash, answer)
                        VALUES (:id, :terminal_id, :token, :account_number, :amount_minor, :currency, :status,
                        :decline_code, :captured_minor, :refunded_minor, :order_reference, :idempotency_key,
                        :created_at, :request_hash, :answer)""")
