"""Grants at the same moment: two 授权 of one seal to one person give one grant; a 授权 beside a 停用 of the seal
never leaves a grant in force on a suspended seal."""
import os
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from backend.services.grants import today_of
from backend.testing.client import OPERATOR, driver
from backend.testing.people import Person
from tests.factories import id_number

GRANTEE = Person(phone="13700000009", name="王伟", id_number=id_number(9))


@pytest.fixture
def app_config(clock, tmp_path):
    config = {"ESEAL_CLOCK": clock}
    if not os.environ.get("ESEAL_TEST_DATABASE_URL"):
        # The in-memory SQLite is one connection shared by every thread; a file gives each its own, as a server has.
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'race.db'}"
    return config


@pytest.fixture
def widened(monkeypatch):
    """Each 授权 pauses after its checks of the person, before it looks for an existing grant, so two overlap."""
    from backend.services import grants
    check = grants._grantee

    def slow(*args, **kwargs):
        found = check(*args, **kwargs)
        time.sleep(0.3)
        return found
    monkeypatch.setattr(grants, "_grantee", slow)


def together(*calls):
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            response = call()
            results[index] = (response.status_code, response.get_json())
        except Exception as exc:  # noqa: BLE001 - reported by the assertions
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def grants_of(app, seal_id):
    from backend.extensions import db
    from backend.models import SealGrant
    with app.app_context():
        return db.session.execute(select(SealGrant.id, SealGrant.revoked_at, SealGrant.revoke_reason)
                                  .where(SealGrant.seal_id == seal_id)).all()


@pytest.fixture
def seal(app, make_principal):
    client, enterprise = make_principal(filed=True, seals=("official",))
    driver(app.test_client()).sign_up(GRANTEE)
    return client, driver(client).preview_seals(enterprise["id"])["items"][0]["id"]


def grant_call(app, client, clock, seal_id):
    twin = app.test_client()
    for cookie in client._cookies.values():
        twin.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    today = today_of(clock.now)
    body = {"phone": GRANTEE.phone, "name": GRANTEE.name, "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=9)).isoformat()}
    return lambda: twin.post(f"/api/seals/{seal_id}/grants", json=body)


@pytest.mark.parametrize("round_", range(2))
def test_two_grants_at_once_of_one_seal_to_one_person_give_one(app, clock, seal, widened, round_):
    client, seal_id = seal
    results = together(grant_call(app, client, clock, seal_id), grant_call(app, client, clock, seal_id))
    assert all(not isinstance(r, Exception) for r in results), results
    assert sorted(status for status, _ in results) == [201, 409], results
    assert [body["error"] for status, body in results if status == 409] == ["grant_exists"]
    assert len(grants_of(app, seal_id)) == 1


def test_a_grant_beside_a_suspension_is_refused_or_ended(app, clock, seal, widened):
    client, seal_id = seal
    suspend = app.test_client()
    results = together(grant_call(app, client, clock, seal_id),
                       lambda: suspend.post(f"/api/operator/seals/{seal_id}/suspend", json={}, headers=OPERATOR))
    assert all(not isinstance(r, Exception) for r in results), results
    (granted, body), (suspended, _) = results
    assert suspended == 200, results
    rows = grants_of(app, seal_id)
    if granted == 201:  # the grant came first: the suspension ended it
        assert [(r.revoke_reason, r.revoked_at is not None) for r in rows] == [("seal_suspended", True)]
    else:
        assert (granted, body["error"], rows) == (409, "seal_status", [])
