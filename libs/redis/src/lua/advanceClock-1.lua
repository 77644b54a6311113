--[[
  Moves the fixed clock (contracts.md §5) forward, never back: POST /admin/clock and a scorer
  started with CAPSCORE_CLOCK may race, and the later instant must win whatever the order.

  Input:
    KEYS[1] fixed clock string key (epoch ms)
    ARGV[1] the instant to move to (epoch ms)

  Output:
    the clock after the call (epoch ms, as a string): ARGV[1], or the later instant already set
]]
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1])
  return ARGV[1]
end
return tostring(current)
