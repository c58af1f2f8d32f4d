"""Who holds the server's connections, in which phase, until when (issue 13: one client
address must not starve the others).

- A cap on all connections and a much lower one per client address, so one address
  holding a hundred idle or trickling sockets leaves the rest for everybody else.
  Connections from the trusted reverse proxy carry many clients and count only
  towards the global cap.
- Each connection is in a phase with its own deadline: idle (waiting for a request's
  first byte), headers (a short deadline, so trickling headers cannot hold a slot),
  active (the request deadline, extended by routes for large bodies).
- Under pressure, idle connections give their slot to a new one: kept-alive ones
  first, then those of the address holding the most connections, oldest first.
A reaper shuts overdue sockets down; the thread serving one then finds EOF and ends."""
import collections
import socket
import threading
import time

IDLE, HEADERS, ACTIVE = "idle", "headers", "active"
REAP_INTERVAL = 0.25


class _Entry:
    __slots__ = ("address", "phase", "deadline", "since", "served", "exempt")

    def __init__(self, address, exempt, deadline):
        self.address, self.exempt = address, exempt
        self.phase, self.deadline, self.since, self.served = IDLE, deadline, time.monotonic(), 0


class ConnectionTable:
    def __init__(self, max_total, max_per_address, clock=time.monotonic):
        self.max_total = max_total
        self.max_per_address = max_per_address
        self._clock = clock
        self._lock = threading.Lock()
        self._entries = {}                                 # socket -> _Entry
        self._per_address = collections.Counter()          # non-exempt connections per address
        threading.Thread(target=self._reap, name="connection-reaper", daemon=True).start()

    # -- admission --------------------------------------------------------------
    def admit(self, sock, address, first_deadline, exempt=False):
        """None when `sock` may be served, else why not: "address" (its address holds too many)
        or "busy" (the server is full and nobody idle could give way)."""
        victims = []
        with self._lock:
            if not exempt and self._per_address[address] >= self.max_per_address:
                victim = self._idle_victim(lambda e: e.address == address)
                if victim is None:
                    return "address"
                victims.append(victim)
            if len(self._entries) >= self.max_total and not victims:
                victim = self._idle_victim(lambda e: True)
                if victim is None:
                    return "busy"
                victims.append(victim)
            self._entries[sock] = _Entry(address, exempt, self._clock() + first_deadline)
            if not exempt:
                self._per_address[address] += 1
        for victim in victims:
            _shut(victim)
        return None

    def _idle_victim(self, eligible):
        """Removes and returns the idle connection that should give way, or None (lock held)."""
        idle = [(s, e) for s, e in self._entries.items() if e.phase == IDLE and eligible(e)]
        if not idle:
            return None
        sock, _ = min(idle, key=lambda item: (item[1].served == 0, -self._per_address[item[1].address],
                                              item[1].since))
        self._forget(sock)
        return sock

    def release(self, sock):
        with self._lock:
            self._forget(sock)

    def _forget(self, sock):
        entry = self._entries.pop(sock, None)
        if entry is not None and not entry.exempt:
            self._per_address[entry.address] -= 1
            if self._per_address[entry.address] <= 0:
                del self._per_address[entry.address]

    # -- phases and deadlines -----------------------------------------------------
    def enter(self, sock, phase, seconds):
        with self._lock:
            entry = self._entries.get(sock)
            if entry is not None:
                if phase == IDLE and entry.phase != IDLE:
                    entry.served += 1
                entry.phase, entry.deadline, entry.since = phase, self._clock() + seconds, self._clock()

    def extend(self, sock, seconds):
        with self._lock:
            entry = self._entries.get(sock)
            if entry is not None and entry.deadline is not None:
                entry.deadline += seconds

    def close_idle(self):
        """Shuts every connection waiting for its next request (a stopping server lets the others finish)."""
        with self._lock:
            idle = [s for s, e in self._entries.items() if e.phase == IDLE]
        for s in idle:
            _shut(s)

    def counts(self):
        with self._lock:
            return {"total": len(self._entries), "addresses": dict(self._per_address),
                    "idle": sum(1 for e in self._entries.values() if e.phase == IDLE)}

    def _reap(self):
        while True:
            time.sleep(REAP_INTERVAL)
            now = self._clock()
            with self._lock:
                overdue = [s for s, e in self._entries.items() if e.deadline is not None and e.deadline < now]
                for s in overdue:
                    self._entries[s].deadline = None       # shut once; the slot is freed when its thread ends
            for s in overdue:
                _shut(s)


def _shut(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
