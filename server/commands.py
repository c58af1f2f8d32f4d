"""Commands run against the database, beside a running server or without one (SQLite WAL, or PostgreSQL, lets
both write)."""
import sys

from . import identity, invitations, outbox
from .storage import StorageUnavailable, open_storage


def invite_admin(db_path, public_url, email, name, out=sys.stdout, err=sys.stderr):
    """Prints a one-time link that creates an admin account: how a real deployment gets its first admin."""
    email, problem = identity.normalize_email(email)
    if problem:
        print(f"error: {problem}", file=err)
        return 2
    name, problem = identity.clean_name(name)
    if problem:
        print(f"error: {problem}", file=err)
        return 2
    try:
        storage = open_storage(db_path)
    except StorageUnavailable as e:
        print(f"error: {e}", file=err)
        return 2
    try:
        with storage.write() as conn:
            if conn.execute("SELECT 1 FROM users WHERE email = ?", (email,)).fetchone():
                print(f"error: an account with {email} already exists", file=err)
                return 2
            _, token = invitations.create(conn, email, name, "admin")
            outbox.enqueue(conn, "invitation", email, name, *invitations.email_text(
                public_url, token, name, "admin", None, "The portal's operator"))
    finally:
        storage.close()
    print(f"Invitation for {name} <{email}> as admin, valid {invitations.VALID_DAYS} days, usable once:", file=out)
    print(invitations.link(public_url, token), file=out, flush=True)
    print("It is also queued in the outbox, emailed by a server started with --smtp.", file=out, flush=True)
    return 0


def move(command, db_path, stdin=sys.stdin, out=sys.stdout, err=sys.stderr):
    """export: the whole portal as JSON lines on stdout; import: such a dump into an empty database."""
    from . import portability
    try:
        storage = open_storage(db_path)
    except StorageUnavailable as e:
        print(f"error: {e}", file=err)
        return 2
    if command == "export":
        rows = portability.export(storage, out)
        print(f"exported {rows} rows", file=err)
        return 0
    try:
        rows = portability.import_dump(storage, stdin)
    except portability.ImportRefused as e:
        print(f"error: {e}", file=err)
        return 2
    print(f"imported {rows} rows", file=err)
    return 0
