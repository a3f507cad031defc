"""A real TCP proxy between the app and PostgreSQL that can play a database restart.

`restart()` closes the listening socket (new connections are refused), stops passing the
app's bytes on, lets answers already underway reach the app, drops every open connection,
waits, then listens again on the same port.

Holding the app's bytes before dropping means no COMMIT is ever in doubt: one that reached
the server is answered, one that did not is never run. (In a real outage a commit can be in
doubt, and no server can tell the client whether it happened.)
"""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress


class TcpProxy:
    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.port = 0
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()  # guards _open and _holding; held while forwarding
        self._holding = False
        self._listen()

    # -- listening ----------------------------------------------------------------------
    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self._listener is not listener:
                client.close()
                break
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            server.settimeout(None)
            with self._lock:
                self._open.update((client, server))
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()
        listener.close()

    def _pump(self, source: socket.socket, target: socket.socket, from_app: bool) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                if not from_app:
                    target.sendall(data)
                    continue
                with self._lock:  # so that nothing slips past the start of `restart`
                    if not self._holding:
                        target.sendall(data)  # else swallowed: the server never sees it
        self._close(source, target)

    def _close(self, *sockets: socket.socket) -> None:
        for sock in sockets:
            with self._lock:
                self._open.discard(sock)
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    # -- faults -------------------------------------------------------------------------
    def restart(self, down_seconds: float = 1.5, drain_seconds: float = 0.5) -> None:
        """Refuse, drop every connection, stay down for `down_seconds`, then accept again."""
        self._listener = None  # the accept loop closes it: connects are refused from now
        self.hold(True)
        time.sleep(drain_seconds)
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def stop(self) -> None:
        """The upstream process is gone: connects are refused, open connections dropped."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
            time.sleep(0.1)  # the accept loop's timeout: it has seen the close by now
        with self._lock:
            dropped = list(self._open)
        self._close(*dropped)

    def start(self) -> None:
        """Back up: bytes flow again and new connections are accepted."""
        self.hold(False)
        self._listen_again()

    def hold(self, holding: bool = True) -> None:
        """A hung upstream: connections open, but nothing sent reaches it, so nothing answers."""
        with self._lock:
            self._holding = holding

    def _listen_again(self, attempts: int = 50) -> None:
        for _ in range(attempts):
            try:
                self._listen()
                return
            except OSError:  # the old listener is not closed yet
                time.sleep(0.05)
        raise RuntimeError(f"the proxy could not listen on port {self.port} again")

    def close(self) -> None:
        self._listener = None
        with self._lock:
            everything = list(self._open)
        self._close(*everything)


@contextmanager
def tcp_proxy(upstream: tuple[str, int]) -> Iterator[TcpProxy]:
    proxy = TcpProxy(upstream)
    try:
        yield proxy
    finally:
        proxy.close()
