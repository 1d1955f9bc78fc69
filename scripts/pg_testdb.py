"""Create, name or drop the throw-away PostgreSQL database of one test run.

ESEAL_TEST_PG_ADMIN is a URL to any database of the server, ESEAL_TEST_PG_DB the name to use.
"""
import os
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def _url(dbname, driver=False):
    parts = urlsplit(os.environ["ESEAL_TEST_PG_ADMIN"].replace("postgresql+psycopg://", "postgresql://"))
    scheme = "postgresql+psycopg" if driver else "postgresql"
    return urlunsplit((scheme, parts.netloc, "/" + dbname, parts.query, ""))


def main(action):
    name = os.environ["ESEAL_TEST_PG_DB"]
    if action == "url":
        print(_url(name, driver=True))
        return
    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if action == "create":
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


if __name__ == "__main__":
    main(sys.argv[1])
