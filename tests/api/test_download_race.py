"""Two concurrent completes of one verified download: exactly one set of receipts, one spent token."""
import os
import threading
import time

import pytest

from backend.testing.client import login, start_download, verify_licence
from backend.testing.state import enterprise_by_phone, filed_seal_count, snapshot

PHONE = "13800000002"


@pytest.fixture
def app_config(clock, tmp_path):
    config = {"ESEAL_CLOCK": clock}
    if not os.environ.get("ESEAL_TEST_DATABASE_URL"):
        # The default in-memory SQLite is one connection shared by every thread: no isolation to race on.
        # A file gives each thread its own connection, as the server has.
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'race.db'}"
    return config


def same_browser(app, client):
    """A second client holding a copy of the first one's cookies (the same browser session, another tab)."""
    twin = app.test_client()
    for cookie in client._cookies.values():
        twin.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return twin


def complete_together(clients, download_id):
    barrier = threading.Barrier(len(clients))
    results = [None] * len(clients)

    def run(index, client):
        barrier.wait()
        try:
            response = client.post(f"/api/downloads/{download_id}/complete", json={})
            results[index] = (response.status_code, response.get_json())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture(params=["as_it_comes", "widened"])
def window(request, monkeypatch):
    """"widened": each complete pauses after loading the seals, before receiving them, so the two overlap."""
    if request.param == "widened":
        from backend.services import downloads
        load = downloads.seals_of

        def slow_load(*args, **kwargs):
            found = load(*args, **kwargs)
            time.sleep(0.3)
            return found
        monkeypatch.setattr(downloads, "seals_of", slow_load)
    return request.param


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_completes_give_exactly_one_set_of_receipts(app, clock, demo, window, round_):
    client = app.test_client()
    login(client, PHONE)
    ent = enterprise_by_phone(app, PHONE)[0]
    started = start_download(client, ent)
    assert client.get(verify_licence(client, started["jump_url"])).status_code == 303
    twin = same_browser(app, client)

    results = complete_together([client, twin], started["id"])

    filed = filed_seal_count(app, ent)
    assert all(not isinstance(r, Exception) for r in results), results
    # the later of the two waits for the earlier one and answers the same receipts
    assert [status for status, _ in results] == [200, 200], results
    winners = [body for _, body in results]
    assert winners[0]["receipts"] == winners[1]["receipts"], results
    assert len(winners[0]["receipts"]) == filed
    after = snapshot(app)
    assert after["receipts"] == filed
    assert after["download_events"] == filed
    assert after["spent_tokens"] == 1
    assert after["downloads"] == [(started["id"], "completed")]
    again = client.post(f"/api/downloads/{started['id']}/complete", json={})
    assert again.status_code == 200 and again.get_json()["receipts"] == winners[0]["receipts"]
    assert snapshot(app) == after


def test_two_download_sessions_completed_at_once_put_each_seal_in_the_wallet_once(app, clock, demo, window):
    """Two browsers of one principal, each with its own verified download: one held copy per seal."""
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        login(client, PHONE)
        clock.advance(61)  # one SMS code per phone per minute
    ent = enterprise_by_phone(app, PHONE)[0]
    downloads_ = []
    for client in (first, second):
        started = start_download(client, ent)
        assert client.get(verify_licence(client, started["jump_url"])).status_code == 303
        downloads_.append(started["id"])

    barrier, results = threading.Barrier(2), [None, None]

    def run(index, client):
        barrier.wait()
        response = client.post(f"/api/downloads/{downloads_[index]}/complete", json={})
        results[index] = (response.status_code, response.get_json())

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    filed = filed_seal_count(app, ent)
    assert [status for status, _ in results] == [200, 200], results
    received = [r["seal_id"] for _, body in results for r in body["receipts"]]
    assert sorted(received) == sorted(set(received)) and len(received) == filed  # each seal once, in one of them
    after = snapshot(app)
    assert after["receipts"] == filed and after["download_events"] == filed
    assert sorted(status for _, status in after["downloads"]) == ["completed", "completed"]
