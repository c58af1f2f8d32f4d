"""What a route sees of a request: its parameters, query, headers and JSON body."""
import urllib.parse

from . import json_limits
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
        self.client_address = handler.client_ip()
        self.app = handler.server.app
        self.user = None                   # set by auth when a route needs it

    def header(self, name, default=None):
        return self._handler.headers.get(name, default)

    def raw_body(self, limit):
        return self._handler.read_body(limit)

    def body_size(self, limit):
        """The declared body size (413 above `limit`), before reading any of it."""
        return self._handler.body_size(limit)

    def body_chunks(self, limit):
        return self._handler.body_chunks(limit)

    def abandon_body(self):
        """The rest of the body will not be read: the connection must close after the reply."""
        self._handler.close_connection = True

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
        value = json_limits.parse(body)
        if not isinstance(value, dict):
            raise ApiError(400, "bad_json", "The body must be a JSON object { ... }.")
        return value
