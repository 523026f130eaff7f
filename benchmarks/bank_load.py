"""Load on the mock bank: signed payment requests at a fixed rate from this (separate) process.

    python benchmarks/bank_load.py [--rate 300] [--seconds 10] [--url URL --terminal-id ID --key KEY --token TOK] [--json]

Without --url it starts `facepay bank serve` itself on a fresh database. Requests are sent on an
open-loop schedule (a late answer does not slow the sender down), each with its own idempotency
key; latency is measured from the scheduled send time, so queueing counts against the bank.
Exit 0 if the achieved rate >= --rate, p99 <= --p99-ms and there were no errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from payments import signing  # noqa: E402


class Connection:
    """One keep-alive HTTP/1.1 connection on raw asyncio streams. httpx costs more CPU per request
    than the bank does, and load generator and bank share this machine's two cores."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.writer.write(f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Length: {len(body)}\r\n{head}\r\n"
                          .encode() + body)
        assert self.reader is not None
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed by the server")
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return int(status_line.split()[1]), await self.reader.readexactly(length)


async def worker(conn: Connection, args: argparse.Namespace, queue: asyncio.Queue,  # type: ignore[type-arg]
                 latencies: list[float], errors: list[str]) -> None:
    while (job := await queue.get()) is not None:
        n, due = job
        body = json.dumps({"amount": 100 + n % 50, "currency": "NOK", "token": args.token,
                           "order_reference": f"load-{n}"}, separators=(",", ":")).encode()
        key = str(uuid.uuid4())
        headers = {"X-Terminal-Id": args.terminal_id, "Content-Type": "application/json", "Idempotency-Key": key,
                   "X-Signature": signing.header(args.key, int(time.time()), args.terminal_id, "POST", "/v1/payments",
                                                 key, body)}
        try:
            status, answer = await conn.post("/v1/payments", body, headers)
            if status != 201 or b'"captured"' not in answer:
                errors.append(f"{status} {answer[:120]!r}")
        except (OSError, ConnectionError, asyncio.IncompleteReadError) as exc:
            errors.append(type(exc).__name__)
            conn.writer = None
        latencies.append((time.perf_counter() - due) * 1000)


async def drive(args: argparse.Namespace) -> dict[str, object]:
    from urllib.parse import urlsplit

    latencies: list[float] = []
    errors: list[str] = []
    total = int(args.rate * args.seconds)
    url = urlsplit(args.url)
    queue: asyncio.Queue = asyncio.Queue()  # type: ignore[type-arg]
    workers = [asyncio.create_task(worker(Connection(url.hostname or "127.0.0.1", url.port or 80), args, queue,
                                          latencies, errors)) for _ in range(args.connections)]
    start = time.perf_counter() + 0.2
    for n in range(total):  # open loop: the schedule does not wait for answers
        due = start + n / args.rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((n, due))
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    elapsed = time.perf_counter() - start
    lat = sorted(latencies)
    pct = lambda p: round(lat[min(len(lat) - 1, int(p / 100 * len(lat)))], 1)  # noqa: E731
    return {"requests": total, "seconds": round(elapsed, 2), "achieved_rps": round(total / elapsed, 1),
            "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "max_ms": round(lat[-1], 1),
            "errors": len(errors), "error_samples": errors[:5]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--p99-ms", type=float, default=100)
    parser.add_argument("--url")
    parser.add_argument("--terminal-id")
    parser.add_argument("--key")
    parser.add_argument("--token")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    bank = None
    if not args.url:
        from payments.client import BankClient
        from payments.mock_bank import store
        from tests.bank_fixture import start_bank

        bank = start_bank(Path(tempfile.mkdtemp(prefix="bank-load-")))
        account = store.add_account(store.open_engine(bank.db_url), "Load", 10**12, limit_minor=10**9)
        with BankClient(bank.url, bank.terminal_id, bank.key) as c:
            args.token = c.link_account(account, idempotency_key=str(uuid.uuid4())).token
        args.url, args.terminal_id, args.key = bank.url, bank.terminal_id, bank.key
    try:
        result = asyncio.run(drive(args))
    finally:
        if bank:
            bank.stop()
    result["target_rps"], result["target_p99_ms"] = args.rate, args.p99_ms
    result["ok"] = result["achieved_rps"] >= args.rate * 0.98 and result["p99_ms"] <= args.p99_ms and not result["errors"]
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['requests']} signed payments in {result['seconds']} s = {result['achieved_rps']} req/s "
              f"(target {args.rate:g}); latency p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
              f"p99 {result['p99_ms']} ms (target {args.p99_ms:g}), max {result['max_ms']} ms; errors {result['errors']}"
              f" -> {'OK' if result['ok'] else 'MISSED'}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
