--[[
  Replaces a partner's score history with one rebuilt from the log (`capscore history rebuild`),
  up to a cut instant, keeping what a scorer recorded from the cut on. Atomic, so it needs no
  version guard beside running scorers: a scorer that commits before or after this call only
  touches the records of its own now, which is at or after the cut when the cut is read from the
  same clock before the rebuild starts.
  Per designation:
    hm:<designation>  the rebuilt monthly snapshots of months before the cut's month, then the
                      stored ones of the cut's month and later; where none is stored for those
                      months, the rebuilt ones. At most 25 kept, newest.
    he:<designation>  the rebuilt events (all at or before the cut), then the stored ones after
                      the cut. At most 32 kept, newest.
  Record layouts: libs/scoring history.ts (snapshot: month u16 first, 15 bytes; event: type u8,
  at u48 big-endian epoch ms, 11 bytes). A partner the store does not hold is left alone.

  Input:
    KEYS[1] partner state hash  {partnerId} slot: ver, ..., hm:<designation>, he:<designation>

    ARGV[1] cut month (month index, year * 12 + month - 1, UTC)
    ARGV[2] cut instant (epoch ms)
    ARGV[3 ..] per designation three values: designationId, rebuilt snapshots, rebuilt events

  Output:
    1 when the history was replaced, 0 when the partner does not exist
]]
if redis.call('HEXISTS', KEYS[1], 'ver') == 0 then
  return 0
end
local cutMonth = tonumber(ARGV[1])
local cutAt = tonumber(ARGV[2])
local SNAPSHOT, SNAPSHOTS_KEPT = 15, 25
local EVENT, EVENTS_KEPT = 11, 32

local function monthOf(records, offset)
  return string.byte(records, offset) * 256 + string.byte(records, offset + 1)
end

local function atOf(records, offset)
  local at = 0
  for b = offset + 1, offset + 6 do
    at = at * 256 + string.byte(records, b)
  end
  return at
end

-- Records of `records` (each `size` bytes) for which keep(records, offset) holds, concatenated.
local function filter(records, size, keep)
  local parts = {}
  for offset = 1, #records - size + 1, size do
    if keep(records, offset) then
      parts[#parts + 1] = string.sub(records, offset, offset + size - 1)
    end
  end
  return table.concat(parts)
end

local function newest(records, size, cap)
  if #records > size * cap then
    return string.sub(records, #records - size * cap + 1)
  end
  return records
end

local function store(field, value)
  if #value == 0 then
    redis.call('HDEL', KEYS[1], field)
  else
    redis.call('HSET', KEYS[1], field, value)
  end
end

for i = 3, #ARGV, 3 do
  local designation, rebuiltSnapshots, rebuiltEvents = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local storedSnapshots = redis.call('HGET', KEYS[1], 'hm:' .. designation) or ''
  local storedEvents = redis.call('HGET', KEYS[1], 'he:' .. designation) or ''

  local liveMonths = filter(storedSnapshots, SNAPSHOT, function(r, o) return monthOf(r, o) >= cutMonth end)
  local snapshots
  if #liveMonths > 0 then
    snapshots = filter(rebuiltSnapshots, SNAPSHOT, function(r, o) return monthOf(r, o) < cutMonth end) .. liveMonths
  else
    snapshots = rebuiltSnapshots
  end
  local events = rebuiltEvents .. filter(storedEvents, EVENT, function(r, o) return atOf(r, o) > cutAt end)

  store('hm:' .. designation, newest(snapshots, SNAPSHOT, SNAPSHOTS_KEPT))
  store('he:' .. designation, newest(events, EVENT, EVENTS_KEPT))
end
return 1
