-- Token buckets for one request, all or nothing, timed by Redis' own clock (TIME, microseconds),
-- so every gateway replica sees the same time and replicas together admit what one would.
-- KEYS[i]: bucket hash {tokens, ts}. ARGV[1]: tokens requested; then per key: rate (tokens/s),
-- burst (capacity). Returns { allowed (1/0), retry_after_us, remaining_1, ..., remaining_n }.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local requested = tonumber(ARGV[1])
local allowed = 1
local retry_us = 0
local tokens = {}
for i = 1, #KEYS do
  local rate = tonumber(ARGV[2 * i])
  local burst = tonumber(ARGV[2 * i + 1])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'ts')
  local level = tonumber(state[1])
  local ts = tonumber(state[2])
  if level == nil or ts == nil then
    level = burst
    ts = now
  end
  level = math.min(burst, level + math.max(0, now - ts) * rate / 1000000)
  tokens[i] = level
  if level < requested then
    allowed = 0
    local wait = math.ceil((requested - level) * 1000000 / rate)
    if wait > retry_us then
      retry_us = wait
    end
  end
end
local result = { allowed, retry_us }
for i = 1, #KEYS do
  local rate = tonumber(ARGV[2 * i])
  local burst = tonumber(ARGV[2 * i + 1])
  local level = tokens[i]
  if allowed == 1 then
    level = level - requested
  end
  redis.call('HSET', KEYS[i], 'tokens', string.format('%.6f', level), 'ts', string.format('%.0f', now))
  redis.call('PEXPIRE', KEYS[i], math.ceil(burst / rate * 1000) + 1000)
  result[i + 2] = math.floor(level)
end
return result
