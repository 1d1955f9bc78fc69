"""Fixtures of the download and wallet tests: the demo data, 林晓红 (licence downloaded) with a download
started, or with every seal downloaded by a signed result."""
import pytest

from tests.api.conftest import (DOWNLOAD_APP_CONFIG, download_by_token, enterprise_by_phone, login, seed_demo,
                                start_download)

PHONE = "13800000002"  # 林晓红, principal of 广州市粤海贸易有限公司
OTHER = "13800000001"  # 陈志明, principal of 广州市穗新科技有限公司


@pytest.fixture
def app_config(clock):
    return {"ESEAL_CLOCK": clock, **DOWNLOAD_APP_CONFIG}


@pytest.fixture
def principal(app, clock):
    seed_demo(app, clock)
    client = app.test_client()
    login(client, PHONE)
    ent = enterprise_by_phone(app, PHONE)[0]
    clock.advance(60)
    download_by_token(app, clock, client, ent)
    return client, ent


@pytest.fixture
def demo(app, clock):
    seed_demo(app, clock)


@pytest.fixture
def started(app, clock):
    seed_demo(app, clock)
    client = app.test_client()
    login(client, PHONE)
    return client, start_download(client, enterprise_by_phone(app, PHONE)[0])
