"""What notification emails carry that must not be guessed or altered: the Reply-To address
`reply+<issue>.<user>.<hmac>@<domain>` that `ingest-email` accepts, and the one-click unsubscribe
token (RFC 8058). Both are HMAC-SHA256 with a server secret kept in the data folder, next to the
database, created readable by its owner only on first start."""
import hashlib
import hmac
import os
import re
import secrets

SECRET_FILE = "portal-secret.key"
REPLY_PREFIX = "reply+"
_REPLY_LOCAL = re.compile(r"^reply\+(\d{1,9})\.(\d{1,9})\.([0-9a-f]{32})$")
_UNSUBSCRIBE = re.compile(r"^(\d{1,9})\.([a-z_]{1,40})\.([0-9a-f]{32})$")


def secret_path(data_dir):
    return os.path.join(data_dir, SECRET_FILE)


def load_secret(data_dir):
    """The server's secret (bytes): read, or created 0600 when there is none yet."""
    path = secret_path(data_dir)
    if not os.path.exists(path):
        # Written whole under another name, then linked: a crash leaves no half-written secret, and of
        # two processes starting at once (the server, a command) the first link wins and both read it.
        temporary = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_hex(32) + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    with open(path, encoding="ascii") as f:
        text = f.read().strip()
    if len(text) < 32:
        raise ValueError(f"{path} is too short to be the portal's secret; remove it to make a new one")
    return text.encode("ascii")


def _mac(secret, purpose, *parts):
    message = "\x1f".join([purpose, *map(str, parts)]).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def reply_address(secret, issue_id, user_id, domain):
    return f"{REPLY_PREFIX}{issue_id}.{user_id}.{_mac(secret, 'reply', issue_id, user_id)}@{domain}"


def read_reply_address(secret, address):
    """(issue id, user id) from a reply address we issued, or None (not ours, altered or guessed).
    The domain is whatever the mail server routed to us; MTAs may lowercase the local part."""
    local = address.rpartition("@")[0].strip().lower()
    m = _REPLY_LOCAL.match(local)
    if not m:
        return None
    issue_id, user_id, mac = int(m.group(1)), int(m.group(2)), m.group(3)
    if not hmac.compare_digest(mac, _mac(secret, "reply", issue_id, user_id)):
        return None
    return issue_id, user_id


def unsubscribe_token(secret, user_id, kind):
    return f"{user_id}.{kind}.{_mac(secret, 'unsubscribe', user_id, kind)}"


def read_unsubscribe_token(secret, token):
    """(user id, kind) from a token we issued, or None."""
    m = _UNSUBSCRIBE.match(token or "")
    if not m:
        return None
    user_id, kind, mac = int(m.group(1)), m.group(2), m.group(3)
    if not hmac.compare_digest(mac, _mac(secret, "unsubscribe", user_id, kind)):
        return None
    return user_id, kind
