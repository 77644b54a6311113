--[[
  Writes a partner's new aggregate and lifecycle state and appends the designation events
  that the new state implies to the partner's outbox, atomically, if nobody else wrote the
  partner since it was read (optimistic concurrency on a version counter).

  Input:
    KEYS[1] partner state hash   {partnerId} slot: fields agg, life, ver
    KEYS[2] partner outbox list  {partnerId} slot: designation events not yet published

    ARGV[1] expected version ("0" when the partner did not exist)
    ARGV[2] encoded aggregate
    ARGV[3] encoded lifecycle state
    ARGV[4..] outbox entries to append, in order

  Output:
    new version (>= 1) on success
    -1 when the version moved (the caller re-reads and re-applies)
]]
local current = tonumber(redis.call('HGET', KEYS[1], 'ver') or '0')
if current ~= tonumber(ARGV[1]) then
  return -1
end
local nextVersion = current + 1
redis.call('HSET', KEYS[1], 'agg', ARGV[2], 'life', ARGV[3], 'ver', nextVersion)
if #ARGV > 3 then
  redis.call('RPUSH', KEYS[2], unpack(ARGV, 4))
end
return nextVersion
