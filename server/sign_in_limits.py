"""Sign-in failures slow the attacker's address, never lock the account's owner out.

Failures are keyed on the address and on address+account:
- address+account: after FREE_FAILURES, each attempt from that address for that
  account waits a delay that doubles up to MAX_DELAY; a success clears it;
- address: password spraying (many accounts from one address) is refused for
  the rest of the hour past ADDRESS_FAILURES_PER_HOUR;
- account (all addresses together): never a refusal. Past ACCOUNT_UNDER_ATTACK
  failures an hour, every attempt on it is slowed by ACCOUNT_PAUSE seconds on the
  server, which the owner's correct password from their own address still passes.

Failures live in the sign_in_failures table, so restarting the server forgives nothing."""
import random
import time

from .errors import ApiError

FREE_FAILURES = 5
MAX_DELAY = 900
ADDRESS_FAILURES_PER_HOUR = 25
ACCOUNT_UNDER_ATTACK = 20
ACCOUNT_PAUSE = 1.0
KEEP_SECONDS = 86400


def _too_many(wait, message):
    seconds = max(1, int(wait) + 1)
    raise ApiError(429, "too_many_attempts", message.format(seconds=seconds), headers={"Retry-After": str(seconds)})


def check(conn, email, address, sleep=time.sleep):
    """Raises 429 when this address must wait; pauses an attempt on an account under attack."""
    now = time.time()
    hour_ago = now - 3600
    pair = conn.execute("SELECT COUNT(*), MAX(at) FROM sign_in_failures WHERE email = ? AND address = ? AND at > ?",
                        (email, address, hour_ago)).fetchone()
    if pair[0] >= FREE_FAILURES:
        wait = min(2 ** (pair[0] - FREE_FAILURES), MAX_DELAY) - (now - pair[1])
        if wait > 0:
            _too_many(wait, "Too many failed sign-ins from here; wait {seconds} seconds and try again, "
                            "or reset your password.")
    spray = conn.execute("SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE address = ? AND at > ?",
                         (address, hour_ago)).fetchone()
    if spray[0] >= ADDRESS_FAILURES_PER_HOUR:
        oldest = conn.execute("SELECT at FROM sign_in_failures WHERE address = ? AND at > ? ORDER BY at DESC "
                              "LIMIT 1 OFFSET ?", (address, hour_ago, ADDRESS_FAILURES_PER_HOUR - 1)).fetchone()[0]
        _too_many(oldest + 3600 - now, "Too many failed sign-ins from this address; try again in {seconds} seconds.")
    attacked = conn.execute("SELECT COUNT(*) FROM sign_in_failures WHERE email = ? AND at > ?",
                            (email, hour_ago)).fetchone()[0]
    if attacked >= ACCOUNT_UNDER_ATTACK:
        sleep(ACCOUNT_PAUSE)


def record_failure(conn, email, address):
    now = time.time()
    conn.execute("INSERT INTO sign_in_failures (email, address, at) VALUES (?, ?, ?)", (email, address, now))
    if random.random() < 0.01:             # forget old failures now and then, not on every request
        conn.execute("DELETE FROM sign_in_failures WHERE at < ?", (now - KEEP_SECONDS,))


def record_success(conn, email, address):
    """The owner got in from here: this address's failures on this account are forgiven."""
    conn.execute("DELETE FROM sign_in_failures WHERE email = ? AND address = ?", (email, address))
