"""A TCP forwarder in threads, standing between the app and PostgreSQL so a test can cut the
database away and bring it back at the same address: the app's connections break as they do
when a database server goes down, without stopping the server the other tests share."""

import contextlib
import socket
import threading

ACCEPT_POLL_SECONDS = 0.1
CHUNK = 65536


class TcpProxy:
    """Listens on 127.0.0.1 and forwards each connection to `target` (host, port)."""

    def __init__(self, target):
        self.target = target
        self.port = None
        self._listener = None
        self._sockets = set()
        self._lock = threading.Lock()

    def start(self):
        """Listen (again): on a free port the first time, on the same port after a stop."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # The port is taken again at once, though the cut connections still linger in TIME_WAIT.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen(16)
        # accept() polls, so a stop is noticed without relying on close() waking a blocked accept.
        listener.settimeout(ACCEPT_POLL_SECONDS)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self):
        """Refuse new connections and cut every forwarded one, both ways."""
        with self._lock:
            listener, self._listener = self._listener, None
            cut, self._sockets = self._sockets, set()
        if listener is not None:
            listener.close()
        for sock in cut:
            _close(sock)

    def _accept(self, listener):
        while self._listener is listener:
            try:
                client, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            with self._lock:
                if self._listener is not listener:
                    _close(client)
                    _close(upstream)
                    return
                self._sockets.update((client, upstream))
            for source, destination in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, destination), daemon=True).start()


def _pump(source, destination):
    try:
        while data := source.recv(CHUNK):
            destination.sendall(data)
    except OSError:
        pass
    finally:
        # One side ended: end the other, as a broken network path would.
        _close(source)
        _close(destination)


def _close(sock):
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
