--[[
  Writes what changed of a partner (layout 3: one hash field per customer, per person, and a few
  more) together with its lifecycle state, and appends the designation events the new state
  implies to the partner's outbox, atomically, if nobody else wrote the partner since it was read
  (optimistic concurrency on a version counter). A layout-1 'agg' field goes: the fields written
  with it replace it (the caller marks every fact changed when it converted one).
  History records (libs/scoring history.ts) go into their fields in the same call, so the history
  can never disagree with the state and the published events: a monthly snapshot replaces the
  field's last record when it is of the same month (the first 2 bytes) and is appended otherwise;
  an event is appended; the oldest records go beyond the cap.

  Input:
    KEYS[1] partner state hash   {partnerId} slot: ver, fmt, life, c:<customer>, i:<person>, x, w,
                                                       hm:<designation>, he:<designation>
    KEYS[2] partner outbox list  {partnerId} slot: designation events not yet published

    ARGV[1] expected version ("0" when the partner did not exist)
    ARGV[2] encoded lifecycle state
    ARGV[3] n: number of fields to set
    ARGV[4] d: number of fields to delete
    ARGV[5] h: number of history records
    ARGV[6 .. 5+2n] field, value pairs to set
    ARGV[6+2n .. 5+2n+d] fields to delete
    ARGV[6+2n+d .. 5+2n+d+2h] history field, record pairs: hm:<designation> 15-byte snapshot
                              (at most 25 kept), he:<designation> 11-byte event (at most 32 kept)
    ARGV[6+2n+d+2h ..] outbox entries to append, in order

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
local h = tonumber(ARGV[5])
local nextVersion = current + 1
redis.call('HSET', KEYS[1], 'ver', nextVersion, 'fmt', '3', 'life', ARGV[2])
-- Batches of 2,000 arguments stay far below Lua's unpack limit.
local i = 6
local setEnd = 5 + 2 * n
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
local historyEnd = delEnd + 2 * h
while i <= historyEnd do
  local field, record = ARGV[i], ARGV[i + 1]
  local kept = redis.call('HGET', KEYS[1], field) or ''
  local size, cap = 11, 32
  if string.sub(field, 1, 3) == 'hm:' then
    size, cap = 15, 25
    if #kept >= size and string.sub(kept, #kept - size + 1, #kept - size + 2) == string.sub(record, 1, 2) then
      kept = string.sub(kept, 1, #kept - size)
    end
  end
  kept = kept .. record
  if #kept > size * cap then
    kept = string.sub(kept, #kept - size * cap + 1)
  end
  redis.call('HSET', KEYS[1], field, kept)
  i = i + 2
end
redis.call('HDEL', KEYS[1], 'agg')
if #ARGV > historyEnd then
  redis.call('RPUSH', KEYS[2], unpack(ARGV, historyEnd + 1))
end
return nextVersion
