"""The route table: method, path pattern, handler. Handlers take a Request and
return (status, payload) or (status, payload, headers)."""
import re

from . import api_public


def _compile(pattern):
    return re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern) + "$")


ROUTES = [(method, _compile(pattern), fn) for method, pattern, fn in [
    ("GET", "/api/health", api_public.health),
    ("GET", "/api/policy", api_public.policy),
    ("POST", "/api/sla/quote", api_public.quote),
]]


def match(method, path):
    """(handler, params) for a request, or (None, allowed_methods) when the path exists for other methods."""
    allowed = []
    for m, pattern, fn in ROUTES:
        found = pattern.match(path)
        if found:
            if m == method or (method == "HEAD" and m == "GET"):
                return fn, found.groupdict()
            allowed.append(m)
    return None, allowed
