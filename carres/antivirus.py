"""A small client for clamd, the ClamAV daemon, speaking its INSTREAM protocol.

Why not a PyPI client: `clamd` has not been released since 2014, and its forks are young
and little used; the protocol is four lines (see clamd(8): "zINSTREAM", chunks prefixed
by their length as a 4-byte big-endian integer, a zero-length chunk, one reply ending in
NUL), and owning it lets us tell a transient failure (daemon down: retry later) from a
verdict.

Settings: CLAMD_SOCKET (a unix socket path) or CLAMD_HOST and CLAMD_PORT (TCP), and
CLAMD_TIMEOUT in seconds. With none set there is no antivirus: `is_configured()` is
False and `check --deploy` warns.
"""

import socket
import struct

from django.conf import settings

CHUNK = 64 * 1024


class ClamdUnavailable(OSError):
    """The daemon could not be reached or did not answer in time: try again later."""


class ClamdError(Exception):
    """The daemon answered with an error about this file (e.g. larger than StreamMaxLength)."""


def is_configured():
    return bool(settings.CLAMD_SOCKET or settings.CLAMD_HOST)


def _connect():
    timeout = settings.CLAMD_TIMEOUT
    try:
        if settings.CLAMD_SOCKET:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.settimeout(timeout)
                sock.connect(settings.CLAMD_SOCKET)
            except OSError:
                sock.close()
                raise
            return sock
        return socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT), timeout)
    except OSError as error:
        raise ClamdUnavailable(f"clamd unreachable: {error}") from error


def _command(sock, command, payload=None):
    """Send `command` (and the INSTREAM chunks of `payload`, a binary file); return the reply."""
    try:
        with sock:
            try:
                sock.sendall(b"z" + command + b"\0")
                if payload is not None:
                    while chunk := payload.read(CHUNK):
                        sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                    sock.sendall(struct.pack("!L", 0))
            except (BrokenPipeError, ConnectionResetError):
                # clamd answers and hangs up as soon as a stream passes its limit, while
                # we may still be sending: its reply is already waiting to be read.
                pass
            reply = b""
            while not reply.endswith(b"\0"):
                data = sock.recv(4096)
                if not data:
                    break
                reply += data
    except OSError as error:
        raise ClamdUnavailable(f"clamd connection lost: {error}") from error
    if not reply.endswith(b"\0"):
        raise ClamdUnavailable("clamd closed the connection without a complete reply")
    return reply[:-1].decode("utf-8", "replace")


def ping():
    return _command(_connect(), b"PING") == "PONG"


def scan(fileobj):
    """Stream `fileobj` (binary, read from its current position) to clamd.

    Returns None when clean, else the name of the signature found.
    Raises ClamdUnavailable (transient) or ClamdError (the daemon refused this file).
    """
    reply = _command(_connect(), b"INSTREAM", fileobj)
    # "stream: OK", "stream: Eicar-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
    if reply.endswith(" FOUND"):
        return reply.removeprefix("stream: ").removesuffix(" FOUND")
    if reply == "stream: OK":
        return None
    raise ClamdError(reply)
