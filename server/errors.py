"""API errors: an HTTP status and {"error": {"code", "message", "fields"}}."""


class ApiError(Exception):
    def __init__(self, status, code, message, fields=None, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}
        self.headers = headers or {}

    def body(self):
        error = {"code": self.code, "message": self.message}
        if self.fields:
            error["fields"] = self.fields
        return {"error": error}


def bad_request(message, field=None, code="bad_request"):
    return ApiError(400, code, message, {field: message} if field else None)


def not_found(what="That was not found."):
    return ApiError(404, "not_found", what)
