--[[
  Brings timers later than an instant forward to it: the cut-over of a program version that
  timers scheduled before the version was configured do not know about. At most ARGV[2] members
  move per call, so a partition of many partners is swept in pages and Redis never runs one long
  script; the caller repeats until fewer than ARGV[2] moved. A timer at or before the instant is
  left alone.

  Input:
    KEYS[1] timers sorted set of one partition (member partnerId, score instant in ms)
    ARGV[1] the instant (ms)
    ARGV[2] most members to move in this call

  Output:
    number of members moved
]]
local later = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf', 'LIMIT', 0, tonumber(ARGV[2]))
for i = 1, #later do
  redis.call('ZADD', KEYS[1], ARGV[1], later[i])
end
return #later
