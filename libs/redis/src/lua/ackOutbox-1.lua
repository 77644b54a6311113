--[[
  Removes published entries from the head of a partner's outbox. Only entries that are still
  at the head and equal to what was published are removed, so two publishers racing after a
  rebalance can never drop an entry that nobody published. Entries are compared by their SHA-1,
  so an acknowledgement does not send every published entry back to Redis.

  Input:
    KEYS[1] partner outbox list
    ARGV[1..] SHA-1 (hex) of the published entries, in outbox order

  Output:
    number of entries removed
]]
local removed = 0
for i = 1, #ARGV do
  local head = redis.call('LINDEX', KEYS[1], 0)
  if not head or redis.sha1hex(head) ~= ARGV[i] then
    break
  end
  redis.call('LPOP', KEYS[1])
  removed = removed + 1
end
return removed
