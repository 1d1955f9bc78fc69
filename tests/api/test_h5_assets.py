"""The H5 shell loads in few requests: one stylesheet, compressed text responses."""


def test_stylesheet_bundle_joins_the_listed_files_in_order(client):
    from backend.web import H5_DIR
    names = (H5_DIR / "css" / "bundle.txt").read_text().split()
    with client.get("/h5/css/bundle.css") as response:
        css = response.get_data(as_text=True)
        etag = response.headers["ETag"]
    positions = [css.index(f"/* {name} */") for name in names]
    assert response.mimetype == "text/css" and positions == sorted(positions)
    assert client.get("/h5/css/bundle.css", headers={"If-None-Match": etag}).status_code == 304


def test_index_links_only_the_bundle(client):
    with client.get("/h5/") as response:
        html = response.get_data(as_text=True)
    assert html.count('rel="stylesheet"') == 1 and "/h5/css/bundle.css" in html


def test_text_responses_are_compressed_when_the_browser_accepts_it(client):
    with client.get("/h5/css/bundle.css", headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
    with client.get("/api/meta", headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
