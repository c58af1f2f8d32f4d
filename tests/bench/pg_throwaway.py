"""A throwaway PostgreSQL cluster for the benchmarks (tests/server/pg_cluster.sh), durable by default
(fsync on, as a real portal's database: comparisons with SQLite's synchronous=FULL stay fair)."""
import contextlib
import importlib.util
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(ROOT, "tests", "server", "pg_cluster.sh")
# Debian's psycopg imports under Debian's Python: the server runs there when this one lacks it
PG_PYTHON = sys.executable if importlib.util.find_spec("psycopg") else "/usr/bin/python3"


def admin(url, statement):
    code = "import sys, psycopg\nwith psycopg.connect(sys.argv[1], autocommit=True) as c: c.execute(sys.argv[2])"
    subprocess.run([PG_PYTHON, "-c", code, url, statement], check=True)


@contextlib.contextmanager
def cluster(durable=True):
    """Starts a cluster on a Unix socket -> a function giving the URL of a new empty database by name."""
    folder = tempfile.mkdtemp(prefix="bench-pg-", dir="/tmp")     # the postgres user must enter it as root
    os.chmod(folder, 0o755)
    env = dict(os.environ, PG_DURABLE="1" if durable else "")
    subprocess.run(["bash", SCRIPT, "start", folder], check=True, stdout=subprocess.DEVNULL, env=env)

    def database(name):
        admin(f"postgresql://postgres@/postgres?host={folder}", f"CREATE DATABASE {name}")
        return f"postgresql://postgres@/{name}?host={folder}"
    try:
        yield database
    finally:
        subprocess.run(["bash", SCRIPT, "stop", folder])
