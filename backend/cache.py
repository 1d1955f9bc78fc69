"""A shared byte cache: Redis when ESEAL_REDIS_URL is set, else this process's memory (derivable data only)."""
from collections import OrderedDict
from threading import Lock

import redis


class MemoryCache:
    """A small LRU in this process; fine for data any worker can recompute."""

    def __init__(self, size=256):
        self.size, self.items, self.lock = size, OrderedDict(), Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def set(self, key, value, ttl_seconds):
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


class RedisCache:
    """Shared by every worker and host; a Redis outage only costs a recomputation."""

    def __init__(self, url, prefix="eseal:"):
        self.client, self.prefix = redis.Redis.from_url(url, socket_timeout=0.5), prefix

    def get(self, key):
        try:
            return self.client.get(self.prefix + key)
        except redis.RedisError:
            return None

    def set(self, key, value, ttl_seconds):
        try:
            self.client.set(self.prefix + key, value, ex=ttl_seconds)
        except redis.RedisError:
            pass


def register_cache(app):
    url = app.config.get("ESEAL_REDIS_URL")
    app.extensions["eseal_cache"] = RedisCache(url) if url else MemoryCache()
