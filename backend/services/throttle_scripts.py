"""The Lua scripts of the Redis throttles (services/throttles.py): one per change, atomic on the server."""

# KEYS[1] the slot; ARGV now, end of the slot, TTL (ms). 0 when taken, else the ms left.
CLAIM = """
local held = redis.call('GET', KEYS[1])
if held and tonumber(held) > tonumber(ARGV[1]) then return tonumber(held) - tonumber(ARGV[1]) end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 0
"""

# KEYS[1] the count, KEYS[2] the lock; ARGV now, limit, end of a lock, its TTL (ms). -1 when locked.
FAIL = """
local lock = redis.call('GET', KEYS[2])
if lock and tonumber(lock) > tonumber(ARGV[1]) then return -1 end
local n = redis.call('INCR', KEYS[1])
if n >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
  redis.call('DEL', KEYS[1])
end
return n
"""

# A reservation: a hash of its count (n) and the end of the latest one (until, ms). One ends; the key
# goes when none is left or they lapsed.
RELEASE_FUNCTION = """
local function release(pending, now)
  local held = redis.call('HMGET', pending, 'n', 'until')
  if held[1] and tonumber(held[2]) > now and tonumber(held[1]) > 1 then
    redis.call('HINCRBY', pending, 'n', -1)
  else
    redis.call('DEL', pending)
  end
end
"""

# KEYS[1] the count, KEYS[2] the lock, KEYS[3] the reservations; ARGV now, limit, end of this reservation,
# TTL slack (ms). 1 when reserved, 0 when refused.
RESERVE = """
local now = tonumber(ARGV[1])
local lock = redis.call('GET', KEYS[2])
if lock and tonumber(lock) > now then return 0 end
local held = redis.call('HMGET', KEYS[3], 'n', 'until')
local n, ends = 0, tonumber(ARGV[3])
if held[1] and tonumber(held[2]) > now then
  n = tonumber(held[1])
  if tonumber(held[2]) > ends then ends = tonumber(held[2]) end
end
if tonumber(redis.call('GET', KEYS[1]) or '0') + n >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[3], 'n', n + 1, 'until', ends)
redis.call('PEXPIRE', KEYS[3], ends - now + tonumber(ARGV[4]))
return 1
"""

# KEYS[1] the reservations; ARGV now.
RELEASE = RELEASE_FUNCTION + "release(KEYS[1], tonumber(ARGV[1]))\nreturn 1\n"

# FAIL with KEYS[3] the reservations: the reservation ends with the failure counted.
FAIL_RESERVED = RELEASE_FUNCTION + "release(KEYS[3], tonumber(ARGV[1]))\n" + FAIL

# KEYS[1] the count, KEYS[2] the lock, KEYS[3] the reservations; ARGV now. 1 when cleared, 0 when locked.
SUCCEED = RELEASE_FUNCTION + """
local now = tonumber(ARGV[1])
release(KEYS[3], now)
local lock = redis.call('GET', KEYS[2])
if lock and tonumber(lock) > now then return 0 end
redis.call('DEL', KEYS[1])
return 1
"""
