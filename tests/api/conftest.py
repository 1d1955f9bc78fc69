"""API helpers: log a client in through the real endpoints."""
import pytest

from tests.factories import id_number


def sms_code(client, phone):
    return client.get(f"/api/dev/sms-outbox?phone={phone}").get_json()["items"][0]["code"]


def login(client, phone):
    assert client.post("/api/auth/sms-codes", json={"phone": phone}).status_code == 201
    response = client.post("/api/auth/login", json={"phone": phone, "code": sms_code(client, phone)})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def verify(client, name, number):
    check = client.post("/api/realname", json={"name": name, "id_number": number})
    assert check.status_code == 201, check.get_json()
    response = client.post(f"/api/realname/{check.get_json()['check_id']}/face", json={})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


OPERATOR = {"Authorization": "Bearer test-operator-token"}


@pytest.fixture
def make_principal(app):
    """A logged-in, verified user whose enterprise was started up and completed; returns (client, enterprise json)."""
    def make(phone="13900000001", name="张三", serial=1, type_="llc", seals=("official", "finance"), filed=False):
        client = app.test_client()
        login(client, phone)
        verify(client, name, id_number(serial))
        body = {"company_name": f"广州市{name}测试有限公司", "enterprise_type": type_, "address": "广州市天河区测试路1号",
                "principal_name": name, "principal_id_number": id_number(serial), "principal_phone": phone,
                "seals": list(seals), "free_eseal": True}
        created = client.post("/api/startups", json=body)
        assert created.status_code == 201, created.get_json()
        done = client.post(f"/api/operator/startups/{created.get_json()['id']}/complete", json={}, headers=OPERATOR)
        assert done.status_code == 200, done.get_json()
        if filed:
            for seal in done.get_json()["seals"]:
                client.post(f"/api/operator/seals/{seal['id']}/carve", json={}, headers=OPERATOR)
                client.post(f"/api/operator/seals/{seal['id']}/file", json={}, headers=OPERATOR)
        return client, done.get_json()["enterprise"]
    return make
