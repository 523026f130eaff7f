"""Load on the mock bank: signed payment requests at a fixed rate from this (separate) process.

    python benchmarks/bank_load.py [--rate 300] [--seconds 10] [--rounds 3] [--saturation] [--json]
    python benchmarks/bank_load.py --url URL --terminal-id ID --key KEY --token TOK [--rate 300]

Without --url it starts `facepay bank serve` on a fresh database and, as the floor, an empty
FastAPI endpoint (`empty_endpoint.py`) under the same uvicorn workers. Each round loads each for
--seconds, in --slices turns taken alternately (floor, bank, floor, ...), so both see the same
machine even where its speed drifts within a round; each server's CPU time (every process of it)
is read from /proc around the whole round and divided by its requests. Requests are
sent on an open-loop schedule (a late answer does not slow the sender down), each with its own
idempotency key; latency is measured from the scheduled send time, so queueing counts against
the server. --saturation then offers rising rates to each until it falls behind.
Exit 0 if every round of the bank reached --rate with p99 <= --p99-ms and no errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
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


@dataclass
class Load:
    """One stretch of load on one server: what was sent, and how it was answered."""
    requests: int
    seconds: float
    latencies: list[float]
    errors: list[str]


async def drive(args: argparse.Namespace, conns: list[Connection]) -> Load:
    """args.rate requests a second for args.seconds, on `conns` (kept open between stretches)."""
    latencies: list[float] = []
    errors: list[str] = []
    total = int(args.rate * args.seconds)
    queue: asyncio.Queue = asyncio.Queue()  # type: ignore[type-arg]
    workers = [asyncio.create_task(worker(conn, args, queue, latencies, errors)) for conn in conns]
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
    return Load(total, time.perf_counter() - start, latencies, errors)


def summary(loads: list[Load]) -> dict[str, object]:
    total, elapsed = sum(x.requests for x in loads), sum(x.seconds for x in loads)
    lat = sorted(t for x in loads for t in x.latencies)
    errors = [e for x in loads for e in x.errors]
    pct = lambda p: round(lat[min(len(lat) - 1, int(p / 100 * len(lat)))], 1)  # noqa: E731
    return {"requests": total, "seconds": round(elapsed, 2), "achieved_rps": round(total / elapsed, 1),
            "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "max_ms": round(lat[-1], 1),
            "errors": len(errors), "error_samples": errors[:5]}


SATURATION_STEPS = (300, 450, 600, 750, 900, 1200, 1500, 2000, 2500, 3000)


@dataclass
class Target:
    name: str
    url: str
    pid: int | None  # the server's process, to read its CPU time; None for a bank given by --url


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and all its descendants (uvicorn's workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


async def take_turns(targets: list[Target], args: argparse.Namespace, rate: float, seconds: float,
                     slices: int) -> list[dict[str, object]]:
    """Load each target for `seconds` in all, in `slices` turns, the targets one after another
    in each turn. A server's CPU is counted over the whole round, its idle turns included (the
    bank's checkpoints finish there), and each keeps its connections from turn to turn."""
    from urllib.parse import urlsplit

    def connections(target: Target) -> list[Connection]:
        url = urlsplit(target.url)
        return [Connection(url.hostname or "127.0.0.1", url.port or 80) for _ in range(args.connections)]

    pools = {t.name: connections(t) for t in targets}
    loads: dict[str, list[Load]] = {t.name: [] for t in targets}
    before = {t.name: tree_cpu_seconds(t.pid) for t in targets if t.pid}
    for _ in range(slices):
        for t in targets:
            turn = argparse.Namespace(**{**vars(args), "rate": rate, "seconds": seconds / slices})
            loads[t.name].append(await drive(turn, pools[t.name]))
    results = []
    for t in targets:
        result = summary(loads[t.name])
        if t.pid:
            cpu = tree_cpu_seconds(t.pid) - before[t.name]
            result["cpu_ms_per_request"] = round(cpu * 1000 / int(result["requests"]), 3)  # type: ignore[call-overload]
        result["target"], result["offered_rps"] = t.name, rate
        results.append(result)
    for pool in pools.values():
        for conn in pool:
            if conn.writer is not None:
                conn.writer.close()
    return results


def run(target: Target, args: argparse.Namespace, rate: float, seconds: float) -> dict[str, object]:
    return asyncio.run(take_turns([target], args, rate, seconds, 1))[0]


def start_empty(port: int, workers: int, log: Path) -> subprocess.Popen:  # type: ignore[type-arg]
    import httpx

    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "empty_endpoint:app", "--app-dir",
                                 str(ROOT / "benchmarks"), "--port", str(port), "--workers", str(workers),
                                 "--log-level", "warning", "--no-access-log"], stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"the empty endpoint did not start: {log.read_text(errors='replace')[-1000:]}")


def saturation(target: Target, args: argparse.Namespace) -> float:
    """The highest rate the server kept up with: rising offered rates until it falls 10 % behind
    or its p99 passes a second."""
    best = 0.0
    for rate in SATURATION_STEPS:
        r = run(target, args, rate, min(args.seconds, 8))
        best = max(best, float(r["achieved_rps"]))  # type: ignore[arg-type]
        print(f"  saturation {target.name}: offered {rate} -> {r['achieved_rps']} req/s, p99 {r['p99_ms']} ms",
              file=sys.stderr, flush=True)
        if float(r["achieved_rps"]) < 0.9 * rate or float(r["p99_ms"]) > 1000:  # type: ignore[arg-type]
            break
    return best


def spread(values: list[float]) -> str:
    return f"min {min(values):g}, median {statistics.median(values):g}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--slices", type=int, default=6,
                        help="turns each server's --seconds is split into, taken alternately")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers of the bank and of the floor")
    parser.add_argument("--p99-ms", type=float, default=50)
    parser.add_argument("--saturation", action="store_true", help="also find the rate each server saturates at")
    parser.add_argument("--url")
    parser.add_argument("--terminal-id")
    parser.add_argument("--key")
    parser.add_argument("--token")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    # SIGTERM unwinds like Ctrl+C, through the `finally` below that stops both servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    bank = empty = None
    targets: list[Target] = []
    try:
        if args.url:
            targets.append(Target("bank", args.url, None))
        else:
            from payments.client import BankClient
            from payments.mock_bank import store
            from tests.bank_fixture import free_port, start_bank

            tmp = Path(tempfile.mkdtemp(prefix="bank-load-"))
            port = free_port()
            empty = start_empty(port, args.workers, tmp / "empty.log")
            bank = start_bank(tmp, workers=args.workers)
            account = store.add_account(store.open_engine(bank.db_url), "Load", 10**12, limit_minor=10**9)
            with BankClient(bank.url, bank.terminal_id, bank.key) as c:
                args.token = c.link_account(account, idempotency_key=str(uuid.uuid4())).token
            args.terminal_id, args.key = bank.terminal_id, bank.key
            targets += [Target("empty endpoint", f"http://127.0.0.1:{port}", empty.pid),
                        Target("bank", bank.url, bank.process.pid)]
        rounds = [asyncio.run(take_turns(targets, args, args.rate, args.seconds, args.slices))
                  for _ in range(args.rounds)]
        saturated = {t.name: saturation(t, args) for t in targets} if args.saturation else {}
    finally:
        for proc in ([empty] if empty else []):
            proc.terminate()
            proc.wait(timeout=10)
        if bank:
            bank.stop()
    bank_runs = [r for rnd in rounds for r in rnd if r["target"] == "bank"]
    floor_runs = [r for rnd in rounds for r in rnd if r["target"] != "bank"]
    ok = all(float(r["achieved_rps"]) >= args.rate * 0.98 and float(r["p99_ms"]) <= args.p99_ms  # type: ignore[arg-type]
             and not r["errors"] for r in bank_runs)
    summary: dict[str, object] = {"rounds": rounds, "saturation_rps": saturated, "target_rps": args.rate,
                                  "target_p99_ms": args.p99_ms, "ok": ok}
    ratios = [float(b["cpu_ms_per_request"]) / float(f["cpu_ms_per_request"])  # type: ignore[arg-type]
              for b, f in zip(bank_runs, floor_runs) if "cpu_ms_per_request" in b and "cpu_ms_per_request" in f]
    if ratios:
        summary["cpu_ratio"] = [round(x, 2) for x in ratios]
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0 if ok else 1
    for n, rnd in enumerate(rounds, 1):
        for r in rnd:
            cpu = f", CPU {r['cpu_ms_per_request']} ms/request" if "cpu_ms_per_request" in r else ""
            print(f"round {n} {r['target']:>14}: {r['requests']} signed payments in {r['seconds']} s = "
                  f"{r['achieved_rps']} req/s; p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, max {r['max_ms']} ms; "
                  f"errors {r['errors']}{cpu}")
    for name, runs in (("bank", bank_runs), ("empty endpoint", floor_runs)):
        if runs:
            print(f"{name}: p50 {spread([float(r['p50_ms']) for r in runs])} ms; "  # type: ignore[arg-type]
                  f"p99 {spread([float(r['p99_ms']) for r in runs])} ms")  # type: ignore[arg-type]
    if ratios:
        print(f"bank CPU per request / the empty endpoint's: {spread([round(x, 2) for x in ratios])}x (target <= 2)")
    for name, rps in saturated.items():
        print(f"saturation {name}: {rps} req/s")
    print(f"bank at {args.rate:g} req/s, p99 <= {args.p99_ms:g} ms in every round: {'OK' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
