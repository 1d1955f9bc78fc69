"""Domain errors: a code, a Chinese message and, where it helps, the field at fault."""


class DomainError(Exception):
    status = 400

    def __init__(self, code, message, fields=None, status=None, headers=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}
        self.headers = headers or {}
        if status is not None:
            self.status = status


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class Invalid(DomainError):
    status = 422


class TooMany(DomainError):
    status = 429
