--[[
  Reads a partner for an update. Its facts are left out when the caller already holds that
  version decoded in memory: then a read costs the version and the outbox, whatever the partner's
  size.

  Input:
    KEYS[1] partner state hash   {partnerId} slot
    KEYS[2] partner outbox list  {partnerId} slot

    ARGV[1] version the caller holds decoded ("0" when none)

  Output:
    { version ("0" when the partner does not exist), number of outbox entries, outbox entries...,
      then, unless the version equals ARGV[1], every field and value of the hash }
]]
local ver = redis.call('HGET', KEYS[1], 'ver') or '0'
local outbox = redis.call('LRANGE', KEYS[2], 0, -1)
local out = { ver, tostring(#outbox) }
for i = 1, #outbox do
  out[#out + 1] = outbox[i]
end
if ver ~= ARGV[1] and ver ~= '0' then
  local fields = redis.call('HGETALL', KEYS[1])
  for i = 1, #fields do
    out[#out + 1] = fields[i]
  end
end
return out
