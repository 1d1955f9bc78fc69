"""ESEAL_SEAL_ALGORITHM=sm2: seal objects signed with SM2/SM3 by the SM2 maker, verified like the others."""
import io

import pytest

from backend.services import seal_objects
from backend.testing.pki import seal_file


@pytest.fixture
def app_config(clock):
    return {"ESEAL_CLOCK": clock, "ESEAL_SEAL_ALGORITHM": "sm2"}


def test_an_sm2_seal_file_is_signed_by_the_sm2_maker_and_verifies(holder):
    client, _enterprise, receipts = holder
    data = seal_file(client, receipts[0]["receipt_id"]).data
    assert seal_objects.decode(data).sign_algorithm == "sm2"
    report = client.post("/api/verify/seal", data={"file": (io.BytesIO(data), "s.esl")},
                         content_type="multipart/form-data").get_json()
    assert report["verdict"] == "valid" and report["seal"]["algorithm"] == "SM2 / SM3"
    flipped = data[:-20] + bytes([data[-20] ^ 1]) + data[-19:]  # inside the signature
    report = client.post("/api/verify/seal", data={"file": (io.BytesIO(flipped), "s.esl")},
                         content_type="multipart/form-data").get_json()
    assert report["verdict"] == "invalid"
    assert [s["outcome"] for s in report["steps"]][:2] in (["passed", "failed"], ["failed", "skipped"])


def test_an_unknown_algorithm_setting_stops_the_app_at_start_up():
    from backend import create_app
    from backend.config import TestConfig
    config = {name: getattr(TestConfig, name) for name in dir(TestConfig) if name.isupper()}
    with pytest.raises(ValueError, match="ESEAL_SEAL_ALGORITHM"):
        create_app({**config, "ESEAL_SEAL_ALGORITHM": "rsa"})
