"""What a route sees of a request: its parameters, query, headers and JSON body."""
import json
import urllib.parse

from .errors import ApiError

MAX_JSON_BODY = 1024 * 1024


class Request:
    def __init__(self, handler, params):
        self._handler = handler
        self.method = handler.command
        split = urllib.parse.urlsplit(handler.path)
        self.path = split.path
        self.query = {k: v[-1] for k, v in urllib.parse.parse_qs(split.query, keep_blank_values=True).items()}
        self.params = params
        self.client_address = handler.client_address[0]
        self.app = handler.server.app
        self.user = None                   # set by auth when a route needs it

    def header(self, name, default=None):
        return self._handler.headers.get(name, default)

    def raw_body(self, limit):
        return self._handler.read_body(limit)

    def json(self, required=True):
        content_type = (self.header("Content-Type") or "").split(";")[0].strip().lower()
        has_body = (self.header("Content-Length") or "0").strip() not in ("", "0")
        if has_body and content_type != "application/json":
            raise ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.")
        body = self.raw_body(MAX_JSON_BODY)
        if not body:
            if required:
                raise ApiError(400, "empty_body", "The request needs a JSON object body.")
            return {}
        try:
            value = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError:
            raise ApiError(400, "bad_encoding", "The body must be UTF-8 encoded JSON.")
        except ValueError as e:
            raise ApiError(400, "bad_json", f"The body is not valid JSON ({e.msg} at line {e.lineno}, column {e.colno}).")
        if not isinstance(value, dict):
            raise ApiError(400, "bad_json", "The body must be a JSON object { ... }.")
        return value
