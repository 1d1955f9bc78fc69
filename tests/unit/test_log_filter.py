"""Logs never carry query strings, where jump and result tokens travel."""
import logging

from backend.observability import NoQueryStrings


def test_request_line_loses_its_query_string():
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '"%s" %s %s',
                               ("GET /api/elicense/callback?result=eyJhbGciOi.x.y HTTP/1.1", "303", "-"), None)
    assert NoQueryStrings().filter(record)
    assert record.getMessage() == '"GET /api/elicense/callback?… HTTP/1.1" 303 -'


def test_lines_without_query_are_unchanged():
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "%s", ("GET /h5/ HTTP/1.1",), None)
    NoQueryStrings().filter(record)
    assert record.getMessage() == "GET /h5/ HTTP/1.1"
