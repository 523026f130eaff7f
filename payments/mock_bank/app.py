"""The mock bank's HTTP API (v1). See docs/bank-api.md for the contract and the test triggers."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import secrets
import time
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any, AsyncIterator, MutableMapping, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import and_, bindparam, delete, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from payments import signing
from payments.mock_bank import hot_sql
from payments.mock_bank.guard import REPLAY_MESSAGE, BankGuard, error_body
from payments.mock_bank.runner import Db, DbRunner
from payments.mock_bank.store import (
    TEST_ACCOUNT_PREFIX, accounts, fault_log, idempotency, payments, refunds, seen_signatures,
    terminals, tokens,
)

CURRENCIES = ("NOK", "SEK", "DKK", "EUR")
MAX_AMOUNT = 100_000_000
IDEMPOTENCY_TTL_SECONDS = 48 * 3600
# Expired idempotency keys and seen signatures are deleted inside a POST's transaction: a worker's
# first POST, then every PRUNE_EVERY-th. A signature older than twice the clock tolerance fails the
# clock check anyway, so it need not be remembered. (Payments alone used to leave every signature
# in the table for good.)
PRUNE_EVERY = 500
DECLINE_CODES = ("insufficient_funds", "account_blocked", "token_revoked", "limit_exceeded", "suspected_fraud")
# On test accounts only (numbers starting 9999), by the last two digits of the amount in minor units.
DECLINE_TRIGGERS = {1: "insufficient_funds", 2: "account_blocked", 3: "token_revoked", 4: "limit_exceeded",
                    5: "suspected_fraud"}
FAULT_TRIGGERS = {61: "slow", 62: "error_500", 63: "rate_limited", 64: "drop"}
SLOW_SECONDS = 3.0
# An idempotency key is claimed (status 0) before its request's work starts. A request arriving
# while the claim is held gets 409 in_progress; a claim older than this belonged to a worker that
# died mid-request, and the next request with the key takes it over.
IN_PROGRESS = 0
CLAIM_LEASE_SECONDS = 60.0

# Built once: per-request statement building was a third of a payment's CPU time. (A payment's own
# statements are plain SQL in hot_sql.) Every ledger change is one conditional UPDATE: the database
# checks and changes the row in one step under its row lock, so concurrent requests cannot all pass
# a check made on a stale read (PostgreSQL does not queue writers the way SQLite does).
_MERCHANT = select(terminals.c.merchant).where(terminals.c.id == bindparam("terminal"))
_CREDIT = accounts.update().where(accounts.c.number == bindparam("b_number")).values(
    balance_minor=accounts.c.balance_minor + bindparam("amount"))


M = TypeVar("M", bound=BaseModel)

# Strict: a JSON true, "1500" or 1500.0 is refused, never coerced into an amount of money.
STRICT = ConfigDict(strict=True)


class TokenRequest(BaseModel):
    model_config = STRICT

    account_number: str = Field(min_length=6, max_length=16, pattern=r"^\d+$")
    owner_name: str = Field(default="", max_length=128)


class PaymentRequest(BaseModel):
    model_config = STRICT
    amount: int = Field(gt=0, le=MAX_AMOUNT, description="minor units")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    token: str = Field(min_length=1, max_length=64)
    order_reference: str = Field(min_length=1, max_length=64)
    capture: bool = True


class CaptureRequest(BaseModel):
    model_config = STRICT
    amount: int | None = Field(default=None, gt=0, le=MAX_AMOUNT)


class RefundRequest(BaseModel):
    model_config = STRICT
    amount: int = Field(gt=0, le=MAX_AMOUNT)


def json_body(model: type[M], content_type: str, raw: bytes) -> M:
    """The request's JSON body as `model`, with FastAPI's rules (JSON only under a JSON
    Content-Type; its errors answered by the same handler) but in one step: pydantic reads the
    bytes itself. FastAPI's own body handling (a MIME parser for the header, json.loads, then the
    model) was a fifth of a payment's Python (benchmarks/README.md, issue 32)."""
    kind = content_type.partition(";")[0].strip().lower()
    if kind != "application/json" and not (kind.startswith("application/") and kind.endswith("+json")):
        raise RequestValidationError([{"type": "model_attributes_type", "loc": ("body",), "input": None,
                                       "msg": "the body must be JSON, sent as Content-Type: application/json"}])
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI request body of an endpoint that reads `model` with `json_body`."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": model.model_json_schema()}}}}


class Problem(Exception):
    def __init__(self, status: int, kind: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.kind, self.extra = status, kind, extra


def _json(status: int, data: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data, sort_keys=True).encode(), status_code=status, media_type="application/json",
                    headers=headers)


def problem_response(exc: Problem) -> Response:
    return Response(error_body(exc.kind, str(exc), **exc.extra), status_code=exc.status, media_type="application/json")


def invalid_response(exc: RequestValidationError) -> Response:
    details = [{"field": ".".join(str(p) for p in e.get("loc", ())[1:]), "problem": e.get("msg", "")} for e in exc.errors()]
    return Response(error_body("invalid_request_error", "the request is not valid", details=details),
                    status_code=400, media_type="application/json")


def payment_view(row: Any) -> dict[str, Any]:
    return {"id": row.id, "object": "payment", "amount": row.amount_minor, "currency": row.currency,
            "status": row.status, "decline_code": row.decline_code, "captured_amount": row.captured_minor,
            "refunded_amount": row.refunded_minor, "order_reference": row.order_reference,
            "idempotency_key": row.idempotency_key, "created": int(row.created_at)}


def create_app(db_url: str, *, clock=time.time, slow_seconds: float = SLOW_SECONDS) -> Any:
    runner = DbRunner(db_url)  # every handler's database work goes through it: none waits on the loop

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        runner.close()  # the requests are finished by now: nothing waits

    api = FastAPI(title="FacePay mock bank", version="1.0.0", lifespan=lifespan,
                  description="A bank's payment API for development and tests. See docs/bank-api.md.")
    api.state.engine = runner.engine

    @api.exception_handler(Problem)
    async def _problem(_: Request, exc: Problem) -> Response:
        return problem_response(exc)

    @api.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> Response:
        return invalid_response(exc)

    @api.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> Response:
        kind = "not_found" if exc.status_code == 404 else "invalid_request_error"
        return Response(error_body(kind, str(exc.detail)), status_code=exc.status_code, media_type="application/json")

    merchants: dict[str, str] = {}
    posts = itertools.count()

    def forget_expired(conn: Connection) -> None:
        now = clock()
        conn.execute(delete(idempotency).where(idempotency.c.created_at < now - IDEMPOTENCY_TTL_SECONDS))
        conn.execute(delete(seen_signatures).where(seen_signatures.c.t < now - 2 * signing.TOLERANCE_SECONDS))

    def terminal_of(request: Request) -> str:
        return request.scope["state"]["terminal_id"]

    async def post(request: Request, work) -> Response:
        return await run_post(request.scope, await request.body(), work)

    def merchant_of(conn: Connection, terminal: str) -> str:
        """A terminal's merchant never changes once it is registered, so it is read once."""
        if terminal not in merchants:
            merchants[terminal] = conn.execute(_MERCHANT, {"terminal": terminal}).scalar_one()
        return merchants[terminal]

    def first_time(conn: Connection, terminal: str, key: str, fault: str) -> bool:
        try:
            with conn.begin_nested():
                conn.execute(fault_log.insert().values(terminal_id=terminal, key=key, fault=fault))
            return True
        except IntegrityError:
            return False

    def claim(conn: Connection, terminal: str, key: str, request_hash: str, signature: tuple[int, str], *,
              mark: bool = True) -> Response | None:
        """Take the key for this request, or answer from it: the stored response of a finished
        request (a replay), 409 while another request holds it. Records the signature.
        mark=False where the claim and the work commit together (SQLite): no other request can see
        the key before the answer is stored, so no "in progress" row is written first, and a
        payment's answer goes only into its own row."""
        where = {"terminal": terminal, "key": key}
        # A payment's key is answered from the payment (store.payments), every other's from
        # bank_idempotency; a key is looked up in both, so it is never used for two requests.
        stored = (hot_sql.run(conn, hot_sql.STORED, where).fetchone()
                  or hot_sql.run(conn, hot_sql.PAID, where).fetchone())
        stored_hash, stored_status, stored_body, stored_at = stored or (None, IN_PROGRESS, b"", 0.0)
        if stored is not None and stored_hash != request_hash:
            raise Problem(409, "idempotency_error", "this Idempotency-Key was used with a different request; use a new key")
        held = stored is not None and stored_status == IN_PROGRESS
        if held and clock() - stored_at < CLAIM_LEASE_SECONDS:
            raise Problem(409, "idempotency_error", "a request with this Idempotency-Key is still being processed; "
                          "retry shortly with the same key", code="in_progress")
        seen = {"terminal": terminal, "signature": signature[1], "t": signature[0]}
        if hot_sql.run(conn, hot_sql.SEEN, seen).fetchone() is None:
            raise Problem(401, "authentication_error", REPLAY_MESSAGE, code=signing.REPLAY_CODE)
        if stored is not None and not held:
            return Response(bytes(stored_body), status_code=stored_status, media_type="application/json",
                            headers={"Idempotent-Replayed": "true"})
        if held:  # its worker died mid-request (nothing it did was committed): take it over
            conn.execute(idempotency.update().where(idempotency.c.terminal_id == terminal, idempotency.c.key == key)
                         .values(created_at=clock()))
        elif mark and hot_sql.run(conn, hot_sql.CLAIM, {"terminal": terminal, "key": key, "request_hash": request_hash,
                                               "status": IN_PROGRESS, "body": b"", "at": clock()}).fetchone() is None:
            # A concurrent request with the key claimed it first.
            raise Problem(409, "idempotency_error", "a request with this Idempotency-Key is still being processed; "
                          "retry shortly with the same key", code="in_progress")
        return None

    def release(db: Db, terminal: str, key: str) -> None:
        """Give the key back when the request did nothing (refused, or a transient fault)."""
        with db.write() as conn:
            conn.execute(delete(idempotency).where(idempotency.c.terminal_id == terminal, idempotency.c.key == key,
                                                   idempotency.c.status_code == IN_PROGRESS))

    async def run_post(scope: MutableMapping[str, Any], body: bytes, work) -> Response:
        """Claim the key, then the fault triggers and the business change in one transaction that
        also stores the response under the key (on SQLite, all in one). The key is the one the
        guard verified with the signature, never a second reading of the headers."""
        state = scope["state"]
        key = state.get("idempotency_key")
        if not key or len(key) > 128:
            raise Problem(400, "invalid_request_error", "every POST needs an Idempotency-Key header (1-128 characters)")
        terminal = state["terminal_id"]
        # scope["path"]: the same text as request.url.path here, without building a URL (15 µs).
        request_hash = hashlib.sha256(scope["method"].encode() + b" " + scope["path"].encode() + b"\n" + body).hexdigest()

        def do_work(conn: Connection, claimed: bool) -> tuple[str | None, int, bytes]:
            status, data, fault, keep = work(conn, terminal, key)
            payload = b""
            if fault in ("error_500", "rate_limited"):
                if first_time(conn, terminal, key, fault):
                    # Commits the fault log and frees the key: nothing was charged.
                    conn.execute(delete(idempotency).where(idempotency.c.terminal_id == terminal,
                                                           idempotency.c.key == key))
                    return fault, status, payload
                fault = None
                status, data, _, keep = work(conn, terminal, key, faults=False)
            elif fault and not first_time(conn, terminal, key, fault):
                fault = None
            payload = json.dumps(data, sort_keys=True).encode()
            if keep is not None:  # a payment: its row holds the answer (store.payments)
                keep(conn, request_hash, payload)
            if keep is None or claimed:
                # Where the key was claimed first (PostgreSQL), the claim is finished too: until
                # it expires it is what a concurrent request with the key finds and waits on.
                hot_sql.run(conn, hot_sql.FINISH, {"terminal": terminal, "key": key, "request_hash": request_hash,
                                                   "status": status, "body": payload, "at": clock()})
            if next(posts) % PRUNE_EVERY == 0:
                forget_expired(conn)
            return fault, status, payload

        signature = state["signature"]

        def commit(db: Db) -> tuple[Response | None, str | None, int, bytes]:
            if db.dialect == "sqlite":
                # SQLite queues writers (BEGIN IMMEDIATE): the claim and the work can share one
                # transaction, and a concurrent request with the key waits, then replays the answer.
                with db.write() as conn:
                    answer = claim(conn, terminal, key, request_hash, signature, mark=False)
                    if answer is not None:
                        return answer, None, 0, b""
                    return (None, *do_work(conn, claimed=False))
            # Elsewhere the claim commits first, so a concurrent request with the key sees it.
            with db.write() as conn:
                answer = claim(conn, terminal, key, request_hash, signature)
            if answer is not None:
                return answer, None, 0, b""
            try:
                with db.write() as conn:
                    return (None, *do_work(conn, claimed=True))
            except BaseException:
                release(db, terminal, key)
                raise

        answer, fault, status, payload = await runner.run(commit)
        if answer is not None:
            return answer
        if fault == "error_500":
            raise Problem(500, "api_error", "the bank had an internal error (test trigger); retry with the same key")
        if fault == "rate_limited":
            return Response(error_body("rate_limit_error", "too many requests (test trigger)"), status_code=429,
                            media_type="application/json", headers={"Retry-After": "1"})
        if fault == "slow":
            await asyncio.sleep(slow_seconds)
        if fault == "drop":
            state["drop_after_commit"] = True
        return Response(payload, status_code=status, media_type="application/json")

    @api.get("/v1/health")
    async def health() -> dict[str, str]:
        def ping(db: Db) -> None:
            with db.read() as conn:
                conn.execute(select(1))
        await runner.run(ping, write=False)
        return {"status": "ok"}

    @api.post("/v1/tokens", status_code=201)
    async def create_token(body: TokenRequest, request: Request) -> Response:
        def work(conn: Connection, terminal: str, key: str, faults: bool = True):
            account = conn.execute(select(accounts).where(accounts.c.number == body.account_number)).first()
            if account is None:
                raise Problem(400, "invalid_request_error", "no such account", code="unknown_account")
            token = "tok_" + secrets.token_urlsafe(18)
            conn.execute(tokens.insert().values(token=token, account_number=account.number, terminal_id=terminal,
                                                merchant=merchant_of(conn, terminal),
                                                revoked=False, created_at=clock()))
            return 201, {"object": "token", "token": token, "account_hint": "•••• " + account.number[-4:],
                         "currency": account.currency}, None, None
        return await post(request, work)

    @api.delete("/v1/tokens/{token}")
    async def revoke_token(token: str, request: Request) -> Response:
        """Revoke a token for good (a shopper's erasure). Idempotent: revoking a revoked token, or
        one this merchant never had, answers the same, so a retry after a lost answer is safe and a
        caller learns nothing about other merchants' tokens."""
        terminal = terminal_of(request)

        def revoke(db: Db) -> None:
            with db.write() as conn:
                merchant = merchant_of(conn, terminal)
                conn.execute(tokens.update().where(tokens.c.token == token, tokens.c.merchant == merchant)
                             .values(revoked=True))
        await runner.run(revoke)
        return _json(200, {"object": "token", "token": token, "revoked": True})

    @api.post("/v1/payments", status_code=201, openapi_extra=body_schema(PaymentRequest))
    async def create_payment(request: Request) -> Response:
        return await pay(request.scope, request.headers.get("content-type", ""), await request.body())

    async def pay(scope: MutableMapping[str, Any], content_type: str, raw: bytes) -> Response:
        body = json_body(PaymentRequest, content_type, raw)
        if body.currency not in CURRENCIES:
            raise Problem(400, "invalid_request_error", f"currency {body.currency} is not supported", code="bad_currency")

        def refusal(conn: Connection, merchant: str, faults: bool) -> tuple[str, str | None, str | None]:
            """Why the one-statement charge did not go through (the account, the decline, the test
            fault), or the charge itself where nothing refuses it: a test account, or a race."""
            found = hot_sql.run(conn, hot_sql.TOKEN_ACCOUNT, {"token": body.token}).fetchone()
            if found is None or found[1] != merchant:
                # Another merchant's token is answered like an unknown one: it tells nothing.
                raise Problem(400, "invalid_request_error", "unknown payment token", code="unknown_token")
            revoked, _, number, currency, account_status, limit = found
            if body.currency != currency:
                raise Problem(400, "invalid_request_error",
                              f"the account is in {currency}, not {body.currency}", code="currency_mismatch")
            test = number.startswith(TEST_ACCOUNT_PREFIX)
            suffix = body.amount % 100
            fault = FAULT_TRIGGERS.get(suffix) if (test and faults) else None
            if fault in ("error_500", "rate_limited"):
                return number, None, fault
            decline = None
            if test and suffix in DECLINE_TRIGGERS:
                decline = DECLINE_TRIGGERS[suffix]
            elif revoked:
                decline = "token_revoked"
            elif account_status == "blocked":
                decline = "account_blocked"
            elif body.amount > limit:
                decline = "limit_exceeded"
            elif hot_sql.run(conn, hot_sql.DEBIT_IF_FUNDED, {"number": number, "amount": body.amount}).rowcount != 1:
                # The guarded debit refused: funds (or the account's status) changed under us.
                blocked = conn.scalar(select(accounts.c.status).where(accounts.c.number == number)) != "active"
                decline = "account_blocked" if blocked else "insufficient_funds"
            return number, decline, fault

        def work(conn: Connection, terminal: str, key: str, faults: bool = True):
            merchant = merchant_of(conn, terminal)
            # Nearly every payment passes every check: one guarded statement checks and charges
            # (hot_sql.CHARGE_TOKEN); only when it refuses are the token and account read to say why.
            charged = hot_sql.run(conn, hot_sql.CHARGE_TOKEN, {
                "token": body.token, "merchant": merchant, "currency": body.currency, "amount": body.amount,
                "test_accounts": TEST_ACCOUNT_PREFIX + "%"}).fetchone()
            if charged is not None:
                number, decline, fault = charged[0], None, None
            else:
                number, decline, fault = refusal(conn, merchant, faults)
                if fault in ("error_500", "rate_limited"):
                    return 0, {}, fault, None
            # An authorization holds the funds as a capture takes them: the debit above did both.
            status = "declined" if decline else ("captured" if body.capture else "authorized")
            # Time first, then 48 random bits: a new row goes to the end of the table's B-tree, one
            # page a commit, not to a random page (store.payments); workers still never collide.
            row = {"id": f"pay_{int(clock() * 1e6):014x}{secrets.token_hex(6)}", "terminal_id": terminal,
                   "token": body.token,
                   "account_number": number, "amount_minor": body.amount, "currency": body.currency,
                   "status": status, "decline_code": decline,
                   "captured_minor": body.amount if status == "captured" else 0, "refunded_minor": 0,
                   "order_reference": body.order_reference, "idempotency_key": key, "created_at": clock()}

            def keep(conn: Connection, request_hash: str, answer: bytes) -> None:
                """The payment, with the answer its key replays (store.payments)."""
                hot_sql.run(conn, hot_sql.INSERT_PAYMENT, {**row, "request_hash": request_hash, "answer": answer})
            return 201, payment_view(SimpleNamespace(**row)), fault, keep
        return await run_post(scope, raw, work)

    def load_payment(conn: Connection, terminal: str, payment_id: str) -> Any:
        row = conn.execute(select(payments).where(and_(payments.c.id == payment_id,
                                                       payments.c.terminal_id == terminal))).first()
        if row is None:
            raise Problem(404, "not_found", f"no payment {payment_id} for this terminal")
        return row

    @api.get("/v1/payments/{payment_id}")
    async def get_payment(payment_id: str, request: Request) -> Response:
        def read(db: Db) -> dict[str, Any]:
            with db.read() as conn:
                return payment_view(load_payment(conn, terminal_of(request), payment_id))
        return _json(200, await runner.run(read, write=False))

    @api.get("/v1/payments")
    async def find_payments(request: Request, idempotency_key: str) -> Response:
        def read(db: Db) -> list[dict[str, Any]]:
            with db.read() as conn:
                rows = conn.execute(select(payments).where(and_(payments.c.terminal_id == terminal_of(request),
                                                                payments.c.idempotency_key == idempotency_key))).all()
            return [payment_view(r) for r in rows]
        return _json(200, {"object": "list", "data": await runner.run(read, write=False)})

    @api.post("/v1/payments/{payment_id}/capture")
    async def capture(payment_id: str, body: CaptureRequest, request: Request) -> Response:
        def work(conn: Connection, terminal: str, key: str, faults: bool = True):
            row = load_payment(conn, terminal, payment_id)
            amount = body.amount or row.amount_minor
            if amount > row.amount_minor:
                raise Problem(400, "invalid_request_error", "cannot capture more than was authorized", code="too_much")
            moved = conn.execute(payments.update().where(payments.c.id == payment_id, payments.c.status == "authorized")
                                 .values(status="captured", captured_minor=amount)).rowcount
            if moved != 1:  # captured, cancelled or declined, perhaps a moment ago by a concurrent request
                status = load_payment(conn, terminal, payment_id).status
                raise Problem(400, "invalid_request_error", f"a {status} payment cannot be captured", code="bad_state")
            release = row.amount_minor - amount  # the uncaptured part of the hold goes back
            if release:
                conn.execute(_CREDIT, {"b_number": row.account_number, "amount": release})
            return 200, payment_view(load_payment(conn, terminal, payment_id)), None, None
        return await post(request, work)

    @api.post("/v1/payments/{payment_id}/cancel")
    async def cancel(payment_id: str, request: Request) -> Response:
        def work(conn: Connection, terminal: str, key: str, faults: bool = True):
            row = load_payment(conn, terminal, payment_id)
            moved = conn.execute(payments.update().where(payments.c.id == payment_id, payments.c.status == "authorized")
                                 .values(status="cancelled")).rowcount
            if moved != 1:
                status = load_payment(conn, terminal, payment_id).status
                raise Problem(400, "invalid_request_error", f"a {status} payment cannot be cancelled; refund it",
                              code="bad_state")
            conn.execute(_CREDIT, {"b_number": row.account_number, "amount": row.amount_minor})
            return 200, payment_view(load_payment(conn, terminal, payment_id)), None, None
        return await post(request, work)

    @api.post("/v1/payments/{payment_id}/refunds", status_code=201)
    async def refund(payment_id: str, body: RefundRequest, request: Request) -> Response:
        def work(conn: Connection, terminal: str, key: str, faults: bool = True):
            row = load_payment(conn, terminal, payment_id)
            moved = conn.execute(payments.update().where(
                payments.c.id == payment_id, payments.c.status == "captured",
                payments.c.captured_minor - payments.c.refunded_minor >= body.amount,
            ).values(refunded_minor=payments.c.refunded_minor + body.amount)).rowcount
            if moved != 1:
                row = load_payment(conn, terminal, payment_id)
                if row.status != "captured":
                    raise Problem(400, "invalid_request_error", f"a {row.status} payment cannot be refunded", code="bad_state")
                left = row.captured_minor - row.refunded_minor
                raise Problem(400, "invalid_request_error",
                              f"refund of {body.amount} is more than the {left} left to refund", code="refund_too_large")
            refund_id = "re_" + secrets.token_hex(12)
            conn.execute(
                refunds.insert().values(id=refund_id, payment_id=payment_id, amount_minor=body.amount, created_at=clock())
            )
            conn.execute(_CREDIT, {"b_number": row.account_number, "amount": body.amount})
            return 201, {"object": "refund", "id": refund_id, "payment_id": payment_id, "amount": body.amount,
                         "payment": payment_view(load_payment(conn, terminal, payment_id))}, None, None
        return await post(request, work)

    async def pay_direct(scope: Any, receive: Any, send: Any) -> None:
        """POST /v1/payments, the request nearly every call is, as the guard hands it over once
        the signature is verified: the same endpoint and the same error handlers, without
        FastAPI's middleware, routing and dependency solving (40-50 µs a request in-process, what
        the empty endpoint costs). Without them a payment costs 0.44-0.48 ms of CPU under load
        instead of 0.51-0.55 (benchmarks/README.md, issue 32). The route above stays the contract
        in /openapi.json (tests/payments/test_bank_direct.py keeps the two answering alike); an
        error this does not answer goes up to uvicorn, which answers 500 as FastAPI would."""
        message = await receive()  # the guard has read the body: it comes whole, in one message
        # The first Content-Type, as Starlette's request.headers gives it to the route.
        content_type = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"content-type"), "")
        try:
            response = await pay(scope, content_type, message.get("body", b""))
        except Problem as exc:
            response = problem_response(exc)
        except RequestValidationError as exc:
            response = invalid_response(exc)
        await response(scope, receive, send)

    return BankGuard(api, runner, clock=clock, direct={("POST", "/v1/payments"): pay_direct})


def app_from_environment() -> Any:
    """Factory for uvicorn's worker processes, which import the app instead of receiving it."""
    import os

    return create_app(os.environ["FACEPAY_BANK_DB_URL"],
                      slow_seconds=float(os.environ.get("FACEPAY_BANK_SLOW_SECONDS", SLOW_SECONDS)))
