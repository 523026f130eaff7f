"""The bank benchmark's floor: a FastAPI app whose payment endpoint does nothing.

Served by uvicorn with the same workers as the mock bank, it measures what the framework, the
server and this machine cost per request in the same run, so the bank's figures can be read as a
ratio that holds when the machine is busy. Not part of the product.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response

app = FastAPI()
_ANSWER = b'{"object":"payment","status":"captured"}'


@app.get("/v1/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/v1/payments", status_code=201)
async def pay(request: Request) -> Response:
    await request.body()  # read like the bank does, so only the bank's own work differs
    return Response(_ANSWER, status_code=201, media_type="application/json")
