"""A network ESC/POS printer on loopback: it keeps what it is sent and answers the real-time
status queries (DLE EOT 1 and 4) the way a printer does, with or without paper."""

from __future__ import annotations

import socket
import threading

ONLINE, PAPER_OK, PAPER_OUT = 0x12, 0x12, 0x72


class FakePrinter:
    def __init__(self, *, paper: bool = True) -> None:
        self.paper = paper
        self.received = bytearray()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def spec(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            with conn:
                while chunk := conn.recv(65536):
                    if chunk == b"\x10\x04\x01":
                        conn.sendall(bytes([ONLINE]))
                    elif chunk == b"\x10\x04\x04":
                        conn.sendall(bytes([PAPER_OK if self.paper else PAPER_OUT]))
                    else:
                        self.received += chunk

    def settle(self) -> bytes:
        """What the printer has read once every connection made before this call is finished.
        The printing side returns as soon as it has closed its socket; the serving thread may not
        have read it yet. Connections are served one at a time in the order they arrived, so the
        answer to a status query on a new connection comes only after the earlier ones are read."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as probe:
            probe.sendall(b"\x10\x04\x01")
            if probe.recv(1) != bytes([ONLINE]):
                raise AssertionError("the fake printer did not answer its status query")
        return bytes(self.received)

    def close(self) -> None:
        """Stop listening, and wait until what was sent has been read: under load the reading
        thread may still be at work when the printing side has already closed its connection."""
        try:
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the accept() that close() alone leaves blocked
        except OSError:
            pass
        self._server.close()
        self._thread.join(timeout=10)
