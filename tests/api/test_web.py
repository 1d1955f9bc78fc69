"""The H5 entry: served from the public origin, so the licence app's way back finds the session."""
import pytest


@pytest.fixture
def app_config(clock):
    return {"ESEAL_CLOCK": clock, "ESEAL_PUBLIC_URL": "http://127.0.0.1:5000"}


def test_localhost_is_sent_to_the_public_loopback_origin(client):
    response = client.get("/h5/", base_url="http://localhost:5000")
    assert response.status_code == 302
    assert response.headers["Location"] == "http://127.0.0.1:5000/h5/"


def test_public_origin_serves_the_app(client):
    with client.get("/h5/", base_url="http://127.0.0.1:5000") as response:
        assert response.status_code == 200 and b'type="module"' in response.data


def test_root_redirects_to_the_app(client):
    assert client.get("/", base_url="http://127.0.0.1:5000").headers["Location"] == "/h5/"
