--[[
  Writes what changed of a partner (layout 3: one hash field per customer, per person, and a few
  more) together with its lifecycle state, and appends the designation events the new state
  implies to the partner's outbox, atomically, if nobody else wrote the partner since it was read
  (optimistic concurrency on a version counter). A layout-1 'agg' field goes: the fields written
  with it replace it (the caller marks every fact changed when it converted one).

  Input:
    KEYS[1] partner state hash   {partnerId} slot: ver, fmt, life, c:<customer>, i:<person>, x, w
    KEYS[2] partner outbox list  {partnerId} slot: designation events not yet published

    ARGV[1] expected version ("0" when the partner did not exist)
    ARGV[2] encoded lifecycle state
    ARGV[3] n: number of fields to set
    ARGV[4] d: number of fields to delete
    ARGV[5 .. 4+2n] field, value pairs to set
    ARGV[5+2n .. 4+2n+d] fields to delete
    ARGV[5+2n+d ..] outbox entries to append, in order

  Output:
    new version (>= 1) on success
    -1 when the version moved (the caller re-reads and re-applies)
]]
local current = tonumber(redis.call('HGET', KEYS[1], 'ver') or '0')
if current ~= tonumber(ARGV[1]) then
  return -1
end
local n = tonumber(ARGV[3])
local d = tonumber(ARGV[4])
local nextVersion = current + 1
redis.call('HSET', KEYS[1], 'ver', nextVersion, 'fmt', '3', 'life', ARGV[2])
-- Batches of 2,000 arguments stay far below Lua's unpack limit.
local i = 5
local setEnd = 4 + 2 * n
while i <= setEnd do
  local stop = math.min(i + 1999, setEnd)
  redis.call('HSET', KEYS[1], unpack(ARGV, i, stop))
  i = stop + 1
end
local delEnd = setEnd + d
while i <= delEnd do
  local stop = math.min(i + 1999, delEnd)
  redis.call('HDEL', KEYS[1], unpack(ARGV, i, stop))
  i = stop + 1
end
redis.call('HDEL', KEYS[1], 'agg')
if #ARGV > delEnd then
  redis.call('RPUSH', KEYS[2], unpack(ARGV, delEnd + 1))
end
return nextVersion
