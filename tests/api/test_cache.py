"""Seal pictures cached in Redis when ESEAL_REDIS_URL is set: shared by every worker and host."""
import pytest
import redis

from backend.cache import MemoryCache, RedisCache
from tests.conftest import REDIS_URL, redis_up



def test_memory_cache_keeps_the_newest_entries():
    cache = MemoryCache(size=2)
    for key in ("a", "b", "c"):
        cache.set(key, key.encode(), 60)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (None, b"b", b"c")


def test_unreachable_redis_is_a_cache_miss_not_an_error():
    cache = RedisCache("redis://127.0.0.1:1/0")
    cache.set("k", b"v", 60)
    assert cache.get("k") is None


@pytest.mark.skipif(not redis_up(), reason="Redis at 127.0.0.1:6379 does not answer")
class TestWithRedis:
    @pytest.fixture
    def app_config(self, redis_app_config):
        return redis_app_config

    def test_seal_picture_is_stored_in_redis_and_served_from_it(self, app, make_principal):
        client, enterprise = make_principal()
        seal = client.get(f"/api/enterprises/{enterprise['id']}/seals").get_json()["items"][0]
        first = client.get(seal["image_url"])
        keys = redis.Redis.from_url(REDIS_URL).keys("eseal:seal-png:*")
        assert first.status_code == 200 and len(keys) == 1
        assert redis.Redis.from_url(REDIS_URL).get(keys[0]) == first.data
        assert client.get(seal["image_url"]).data == first.data
