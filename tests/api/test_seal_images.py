"""Seal pictures: content-hashed URLs, ETag / 304 and long caching, a thumbnail size, only for the principal."""
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image

from backend.imaging import mm_to_px, seal_size_mm
from backend.testing.client import OPERATOR, login

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def principal(make_principal):
    """(client, enterprise json, seals json) of a principal whose 公章 and 财务专用章 are not yet filed."""
    client, enterprise = make_principal()
    seals = client.get(f"/api/enterprises/{enterprise['id']}/seals").get_json()["items"]
    return client, enterprise, seals


def seal_of(seals, type_):
    return next(s for s in seals if s["type"] == type_)


def picture(response):
    return Image.open(io.BytesIO(response.get_data()))


def version(url):
    return parse_qs(urlsplit(url).query)["v"][0]


def max_age(response):
    match = re.search(r"max-age=(\d+)", response.headers.get("Cache-Control", ""))
    return int(match.group(1)) if match else 0


def test_seal_list_gives_an_image_and_a_thumbnail_url_per_seal(principal):
    _, _, seals = principal
    assert [s["type"] for s in seals] == ["official", "finance"]
    for seal in seals:
        assert seal["image_url"].startswith(f"/api/seals/{seal['id']}/image?")
        assert seal["thumb_url"].startswith(f"/api/seals/{seal['id']}/image?")
        assert "size=thumb" in seal["thumb_url"]
        assert version(seal["image_url"]) != version(seal["thumb_url"])
    assert version(seals[0]["image_url"]) != version(seals[1]["image_url"])


def test_image_is_a_long_cached_png_with_an_etag(principal):
    client, _, seals = principal
    response = client.get(seal_of(seals, "official")["image_url"])
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["ETag"] == f'"{version(seal_of(seals, "official")["image_url"])}"'
    cache = response.headers["Cache-Control"]
    assert "immutable" in cache and "private" in cache
    assert max_age(response) >= 365 * 24 * 3600


def test_official_seal_is_transparent_rgba_at_true_size(principal):
    client, _, seals = principal
    image = picture(client.get(seal_of(seals, "official")["image_url"]))
    assert image.format == "PNG"
    assert image.mode == "RGBA"
    assert image.size == (496, 496)  # Ø 42 mm at 300 dpi
    assert image.getpixel((0, 0))[3] == 0
    assert image.getpixel((image.width - 1, image.height - 1))[3] == 0
    assert image.getchannel("A").getextrema() == (0, 255)  # inked somewhere, opaque there
    assert round(image.info["dpi"][0]) == 300


def test_thumbnail_is_the_same_seal_at_96_dpi(principal):
    client, _, seals = principal
    for seal in seals:
        width_mm, height_mm = seal_size_mm(seal["type"])
        full = picture(client.get(seal["image_url"]))
        thumb = picture(client.get(seal["thumb_url"]))
        assert full.size == (mm_to_px(width_mm, 300), mm_to_px(height_mm, 300))
        assert thumb.size == (mm_to_px(width_mm, 96), mm_to_px(height_mm, 96))
        assert thumb.width < full.width
        assert thumb.mode == "RGBA" and thumb.getpixel((0, 0))[3] == 0


def test_matching_if_none_match_answers_304_without_a_body(principal):
    client, _, seals = principal
    url = seal_of(seals, "official")["image_url"]
    etag = client.get(url).headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag


def test_wrong_if_none_match_answers_the_image(principal):
    client, _, seals = principal
    url = seal_of(seals, "official")["image_url"]
    response = client.get(url, headers={"If-None-Match": '"0123456789abcdef01234567"'})
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert picture(response).size == (496, 496)


def test_same_seal_gives_identical_bytes_every_time(principal):
    client, _, seals = principal
    for seal in seals:
        for url in (seal["image_url"], seal["thumb_url"]):
            first, second = client.get(url), client.get(url)
            assert first.get_data() == second.get_data()
            assert first.headers["ETag"] == second.headers["ETag"]


def test_filing_a_seal_gives_it_a_new_url_and_etag(principal):
    client, enterprise, seals = principal
    before = seal_of(seals, "official")
    old = client.get(before["image_url"])
    assert client.post(f"/api/operator/seals/{before['id']}/carve", json={}, headers=OPERATOR).status_code == 200
    filed = client.post(f"/api/operator/seals/{before['id']}/file", json={}, headers=OPERATOR)
    assert filed.status_code == 200
    assert filed.get_json()["code"]  # the 印章编码 the seal now shows
    after = seal_of(client.get(f"/api/enterprises/{enterprise['id']}/seals").get_json()["items"], "official")
    assert after["code"] == filed.get_json()["code"]
    assert version(after["image_url"]) != version(before["image_url"])
    assert version(after["thumb_url"]) != version(before["thumb_url"])
    current = client.get(after["image_url"])
    assert current.headers["ETag"] != old.headers["ETag"]
    assert current.get_data() != old.get_data()
    assert "immutable" in current.headers["Cache-Control"]


def test_old_url_after_filing_answers_the_current_image_without_long_caching(principal):
    client, _, seals = principal
    seal = seal_of(seals, "official")
    old = client.get(seal["image_url"])
    client.post(f"/api/operator/seals/{seal['id']}/carve", json={}, headers=OPERATOR)
    client.post(f"/api/operator/seals/{seal['id']}/file", json={}, headers=OPERATOR)
    stale = client.get(seal["image_url"])
    assert stale.status_code == 200
    assert stale.get_data() != old.get_data()
    assert stale.headers["ETag"] != old.headers["ETag"]
    cache = stale.headers["Cache-Control"]
    assert "no-cache" in cache and "private" in cache
    assert "immutable" not in cache and max_age(stale) == 0
    current = client.get(f"/api/seals/{seal['id']}/image", query_string={"v": stale.headers["ETag"].strip('"')})
    assert current.get_data() == stale.get_data()


def test_unfiled_seal_keeps_its_url_when_another_is_filed(principal):
    client, enterprise, seals = principal
    official = seal_of(seals, "official")
    client.post(f"/api/operator/seals/{official['id']}/carve", json={}, headers=OPERATOR)
    client.post(f"/api/operator/seals/{official['id']}/file", json={}, headers=OPERATOR)
    after = client.get(f"/api/enterprises/{enterprise['id']}/seals").get_json()["items"]
    assert seal_of(after, "finance")["image_url"] == seal_of(seals, "finance")["image_url"]


def test_wallet_shows_the_official_seal_thumbnail(principal):
    client, enterprise, seals = principal
    [entry] = client.get("/api/wallet").get_json()["items"]
    assert entry["enterprise"]["id"] == enterprise["id"]
    url = entry["enterprise"]["official_seal_thumb_url"]
    assert url == seal_of(seals, "official")["thumb_url"]
    response = client.get(url)
    assert response.status_code == 200
    width_mm, _ = seal_size_mm("official")
    assert picture(response).width == mm_to_px(width_mm, 96)


def test_another_principal_cannot_get_the_seal_image(principal, make_principal):
    _, _, seals = principal
    other, _ = make_principal(phone="13900000002", name="李四", serial=2)
    for url in (seals[0]["image_url"], seals[0]["thumb_url"]):
        response = other.get(url)
        assert response.status_code == 404
        assert response.get_json()["error"] == "seal_not_found"
        assert CJK.search(response.get_json()["message"])


def test_another_principal_with_the_etag_gets_404_not_304(principal, make_principal):
    client, _, seals = principal
    url = seals[0]["image_url"]
    etag = client.get(url).headers["ETag"]
    other, _ = make_principal(phone="13900000002", name="李四", serial=2)
    assert other.get(url, headers={"If-None-Match": etag}).status_code == 404


def test_logged_out_client_gets_401(principal, app):
    _, _, seals = principal
    response = app.test_client().get(seals[0]["image_url"])
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthenticated"


def test_logged_out_client_with_the_etag_gets_401_not_304(principal):
    client, _, seals = principal
    url = seals[0]["image_url"]
    etag = client.get(url).headers["ETag"]
    assert client.post("/api/auth/logout", json={}).status_code in (200, 204)
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthenticated"


def test_unverified_user_gets_403_realname_required(principal, app):
    _, _, seals = principal
    stranger = app.test_client()
    login(stranger, "13900000009")
    response = stranger.get(seals[0]["image_url"])
    assert response.status_code == 403
    assert response.get_json()["error"] == "realname_required"


def test_unknown_seal_is_404_like_another_ones(principal, make_principal):
    client, _, seals = principal
    missing = client.get("/api/seals/99999/image")
    assert missing.status_code == 404
    other, _ = make_principal(phone="13900000002", name="李四", serial=2)
    foreign = other.get(f"/api/seals/{seals[0]['id']}/image")
    assert missing.get_json() == foreign.get_json()


def test_unknown_size_is_422_in_chinese(principal):
    client, _, seals = principal
    response = client.get(f"/api/seals/{seals[0]['id']}/image", query_string={"size": "huge"})
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid"
    assert "size" in body["fields"]
    assert CJK.search(body["fields"]["size"]) and CJK.search(body["message"])


def test_openapi_documents_the_image_as_png(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    operation = paths["/api/seals/{seal_id}/image"]["get"]
    assert "image/png" in operation["responses"]["200"]["content"]
    assert "304" in operation["responses"]
    assert {p["name"] for p in operation["parameters"] if p["in"] == "query"} >= {"size", "v"}
