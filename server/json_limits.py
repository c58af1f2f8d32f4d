"""Strict JSON for request bodies: what Python's json module accepts but the rest of
the server cannot store, hand to the core or answer with, refused as a 400 up front.

- nesting deeper than MAX_DEPTH (a deep body is a RecursionError later, or now);
- NaN, Infinity and numbers that overflow to them (1e400): not JSON, and not storable;
- integers outside SQLite's signed 64-bit range (a 5,000-digit integer raises in int());
- lone UTF-16 surrogates (\\ud800): decodable escapes that no UTF-8 encoder will take."""
import json
import math
import re

from .errors import ApiError

MAX_DEPTH = 32
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1
MAX_NUMBER_CHARS = 400              # longer than any honest float; checked before converting
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Refused(Exception):
    def __init__(self, message, code="bad_json"):
        super().__init__(message)
        self.message = message
        self.code = code


def _constant(name):
    raise _Refused(f"{name} is not a number JSON allows; send a finite number.", "bad_number")


def _integer(text):
    if len(text) > 20:
        raise _Refused("A whole number in the body is too large; whole numbers must be from "
                       f"{INT64_MIN} to {INT64_MAX}.", "bad_number")
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        raise _Refused(f"A whole number in the body is out of range; whole numbers must be from {INT64_MIN} to "
                       f"{INT64_MAX}.", "bad_number")
    return value


def _float(text):
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused("A number in the body is too long.", "bad_number")
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("A number in the body is too large to be stored; send a finite number.", "bad_number")
    return value


def _check_tree(value):
    """Depth and surrogates, without recursion (the point is not to recurse on untrusted depth)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                raise _Refused("The body has a lone UTF-16 surrogate (such as \\ud800) in a string; "
                               "send text as valid Unicode.", "bad_encoding")
            continue
        if not isinstance(node, (dict, list)):
            continue
        if depth > MAX_DEPTH:
            raise _Refused(f"The body is nested too deeply; at most {MAX_DEPTH} levels of objects and lists.",
                           "too_deep")
        if isinstance(node, dict):
            stack.extend((k, depth) for k in node)
            stack.extend((v, depth + 1) for v in node.values())
        else:
            stack.extend((v, depth + 1) for v in node)


def parse(body):
    """bytes -> any JSON value, or ApiError(400) with a message a person can act on."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "bad_encoding", "The body must be UTF-8 encoded JSON.")
    try:
        value = json.loads(text, parse_constant=_constant, parse_int=_integer, parse_float=_float)
        _check_tree(value)
    except _Refused as e:
        raise ApiError(400, e.code, e.message)
    except RecursionError:
        raise ApiError(400, "too_deep", f"The body is nested too deeply; at most {MAX_DEPTH} levels of objects and lists.")
    except json.JSONDecodeError as e:
        raise ApiError(400, "bad_json", f"The body is not valid JSON ({e.msg} at line {e.lineno}, column {e.colno}).")
    except ValueError:                     # int() refusing its input, whatever the reason
        raise ApiError(400, "bad_number", "A number in the body could not be read.")
    return value
