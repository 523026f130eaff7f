"""ASGI middleware in front of the bank: body size limit, signature check, replay refusal, and
the "commit, then drop the connection" fault. Runs before any parsing, so an unsigned request is
refused (401) before its body is even looked at. A verified request whose method and path have
a direct handler goes to it instead of the framework (the payment: see app.pay_direct)."""

from __future__ import annotations

import json
import time
from typing import Any, Awaitable, Callable

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from payments import signing
from payments.mock_bank.runner import Db, DbRunner
from payments.mock_bank.store import seen_signatures, terminals

MAX_BODY_BYTES = 16 * 1024
REPLAY_MESSAGE = "this signature was used before (replay)"
UNSIGNED_PATHS = ("/v1/health", "/openapi.json", "/docs", "/redoc", "/docs/oauth2-redirect")
# Headers the signature covers. Each may appear once: were two allowed, the check could read one
# copy and an endpoint the other (a prepended Idempotency-Key once charged a retry twice).
SIGNED_HEADERS = ("x-terminal-id", "x-signature", "idempotency-key")
_SIGNED = frozenset(h.encode() for h in SIGNED_HEADERS)  # the only headers the guard decodes

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
App = Callable[..., Awaitable[None]]  # an ASGI app (FastAPI types its scope as MutableMapping)


def error_body(kind: str, message: str, **extra: Any) -> bytes:
    return json.dumps({"error": {"type": kind, "message": message, **extra}}).encode()


async def _respond(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


class BankGuard:
    def __init__(self, app: App, runner: DbRunner, clock: Callable[[], float] = time.time,
                 direct: dict[tuple[str, str], App] | None = None) -> None:
        self.app, self.runner, self.clock = app, runner, clock
        self.direct = direct or {}
        self._keys: dict[str, str] = {}

    async def _terminal_key(self, terminal_id: str) -> str | None:
        if terminal_id not in self._keys:  # terminals are added by the CLI while the bank runs
            def read(db: Db) -> str | None:
                with db.read() as conn:
                    return conn.scalar(select(terminals.c.key).where(terminals.c.id == terminal_id))
            key = await self.runner.run(read, write=False)
            if key is None:
                return None
            self._keys[terminal_id] = key
        return self._keys[terminal_id]

    async def _remember(self, terminal_id: str, t: int, v1: str) -> bool:
        """Record a signature; False if it was seen before (a replay)."""
        now = int(self.clock())

        def record(db: Db) -> bool:
            try:
                with db.write() as conn:
                    conn.execute(seen_signatures.insert().values(terminal_id=terminal_id, signature=v1, t=t))
                    if now % 60 == 0:  # prune now and then; older ones fail the clock check anyway
                        conn.execute(delete(seen_signatures).where(seen_signatures.c.t < now - 2 * signing.TOLERANCE_SECONDS))
            except IntegrityError:
                return False
            return True
        return await self.runner.run(record)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY_BYTES:
                await _respond(send, 413, error_body("invalid_request_error", f"request body over {MAX_BODY_BYTES} bytes"))
                return
        path = scope["path"]
        if path not in UNSIGNED_PATHS:
            headers: dict[str, str] = {}
            for k, v in scope["headers"]:  # ASGI gives the names in lower case
                if k in _SIGNED:
                    name = k.decode("latin-1")
                    if name in headers:
                        await _respond(send, 400, error_body("invalid_request_error", f"header {name} is repeated",
                                                             code="repeated_header"))
                        return
                    headers[name] = v.decode("latin-1")
            terminal_id = headers.get("x-terminal-id", "")
            key = await self._terminal_key(terminal_id) if terminal_id else None
            if key is None:
                await _respond(send, 401, error_body("authentication_error", "unknown or missing X-Terminal-Id"))
                return
            # The request target exactly as sent (still percent-encoded), which is what the client signed.
            raw = scope.get("raw_path") or path.encode()
            full_path = raw.decode("latin-1") + (
                "?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else ""
            )
            try:
                t, v1 = signing.verify(key, headers.get("x-signature"), terminal_id, scope["method"], full_path,
                                       headers.get("idempotency-key", ""), bytes(body), self.clock())
            except signing.SignatureError as exc:
                await _respond(send, 401, error_body("authentication_error", str(exc)))
                return
            # A POST records its signature in its own transaction (one commit per payment); other
            # requests record it here.
            if scope["method"] != "POST" and not await self._remember(terminal_id, t, v1):
                await _respond(send, 401, error_body("authentication_error", REPLAY_MESSAGE, code=signing.REPLAY_CODE))
                return
            # Endpoints take these verified values and never read the raw headers again.
            scope.setdefault("state", {}).update(terminal_id=terminal_id, signature=(t, v1),
                                                 idempotency_key=headers.get("idempotency-key"))

        sent_body = False

        async def replay_receive() -> dict[str, Any]:
            nonlocal sent_body
            if sent_body:
                return {"type": "http.disconnect"}
            sent_body = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        state = scope.setdefault("state", {})
        head_sent = False

        async def guarded_send(message: dict[str, Any]) -> None:
            nonlocal head_sent
            if state.get("drop_after_commit") and head_sent:
                return  # swallow the body: the server closes a response it never completed
            await send(message)
            head_sent = head_sent or message["type"] == "http.response.start"

        # Here a request to a signed path has passed every check above.
        await self.direct.get((scope["method"], path), self.app)(scope, replay_receive, guarded_send)
