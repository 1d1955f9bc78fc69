"""Names a seal shows must be drawable in the seal face; pictures of names stored before that rule still answer."""
import io
import logging

import pytest
from PIL import Image

from backend.imaging import mm_to_px, seal_size_mm
from backend.testing.client import login, verify
from backend.testing.state import row_counts
from tests.factories import id_number, startup_body


@pytest.fixture
def applicant(client):
    login(client, "13800000000")
    verify(client, "李四", id_number(2))
    return client


def test_an_emoji_in_the_company_name_is_refused_naming_the_character(app, applicant):
    before = row_counts(app)
    response = applicant.post("/api/startups", json=startup_body(company_name="广州市🙂科技有限公司"))
    assert response.status_code == 422
    message = "企业名称中的字符“🙂”无法刻制在印章上，请修改"
    assert response.get_json() == {"error": "not_engravable", "message": message, "fields": {"company_name": message}}
    assert row_counts(app) == before


def test_every_undrawable_character_is_named_once(applicant):
    response = applicant.post("/api/startups", json=startup_body(company_name="广州市🙂🙃🙂科技有限公司"))
    assert response.get_json()["fields"]["company_name"] == "企业名称中的字符“🙂”、“🙃”无法刻制在印章上，请修改"


def test_a_principal_name_the_seal_face_lacks_is_refused(app, applicant):
    before = row_counts(app)
    # U+9FEB is a CJK ideograph (so a valid 姓名) that the seal face has no glyph for
    response = applicant.post("/api/startups", json=startup_body(principal_name="张\u9feb"))
    assert response.status_code == 422
    assert response.get_json()["fields"] == {"principal_name": "姓名中的字符“\u9feb”无法刻制在印章上，请修改"}
    assert row_counts(app) == before


def rename_enterprise(app, enterprise_id, name=None, principal_name=None):
    """Data stored before the rule: written straight to the tables, as an older version would have (a new principal
    name on the enterprise and on its principal's account, so that the principal still sees the seals)."""
    from sqlalchemy import update

    from backend.extensions import db
    from backend.models import Enterprise, User
    with app.app_context():
        enterprise = db.session.get(Enterprise, enterprise_id)
        enterprise.name = name or enterprise.name
        if principal_name:
            db.session.execute(update(User).where(User.real_name == enterprise.principal_name)
                               .values(real_name=principal_name))
            enterprise.principal_name = principal_name
        db.session.commit()


def seals_of(client, enterprise_id):
    return client.get(f"/api/enterprises/{enterprise_id}/seals").get_json()["items"]


@pytest.mark.parametrize("name", ["广州市🙂科技有限公司", "广州市\u200b\u202e科技有限公司", "🙂🙂", "广" * 100])
def test_pictures_of_a_stored_name_the_face_cannot_draw_still_answer_and_are_logged(app, make_principal, caplog,
                                                                                     name):
    client, enterprise = make_principal(seals=("official", "finance", "invoice", "personal"))
    rename_enterprise(app, enterprise["id"], name=name)
    caplog.set_level(logging.WARNING, logger="backend.services.seal_images")
    for seal in seals_of(client, enterprise["id"]):
        for size in ("full", "thumb"):
            response = client.get(f"/api/seals/{seal['id']}/image", query_string={"size": size})
            assert response.status_code == 200, (seal["type"], size)
            assert response.mimetype == "image/png"
            picture = Image.open(io.BytesIO(response.get_data()))
            width, height = seal_size_mm(seal["type"])
            dpi = 300 if size == "full" else 96
            assert picture.size == (mm_to_px(width, dpi), mm_to_px(height, dpi))
    assert any("seal picture" in record.getMessage() for record in caplog.records)
    assert all(name not in record.getMessage() for record in caplog.records)


def test_a_stored_principal_name_the_face_cannot_draw_still_gives_a_name_seal_picture(app, make_principal):
    client, enterprise = make_principal(seals=("official", "personal"))
    rename_enterprise(app, enterprise["id"], principal_name="张\u9feb")
    personal = next(s for s in seals_of(client, enterprise["id"]) if s["type"] == "personal")
    assert client.get(f"/api/seals/{personal['id']}/image").status_code == 200
