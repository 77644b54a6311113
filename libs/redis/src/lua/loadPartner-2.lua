--[[
  Reads a partner for an update. The aggregate and lifecycle state are left out when the caller
  already holds that version decoded in memory: transferring and decoding a large aggregate on
  every batch is what bounded throughput (docs/benchmarks.md).

  Input:
    KEYS[1] partner state hash   {partnerId} slot: fields agg, life, ver
    KEYS[2] partner outbox list  {partnerId} slot

    ARGV[1] version the caller holds decoded ("0" when none)

  Output:
    { version ("0" when the partner does not exist), aggregate, lifecycle, outbox entries... }
    aggregate and lifecycle are "" when the version equals ARGV[1] or the partner does not exist
]]
local ver = redis.call('HGET', KEYS[1], 'ver') or '0'
local agg = ''
local life = ''
if ver ~= ARGV[1] then
  local fields = redis.call('HMGET', KEYS[1], 'agg', 'life')
  agg = fields[1] or ''
  life = fields[2] or ''
end
local out = { ver, agg, life }
local outbox = redis.call('LRANGE', KEYS[2], 0, -1)
for i = 1, #outbox do
  out[#out + 1] = outbox[i]
end
return out
