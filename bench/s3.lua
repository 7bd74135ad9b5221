-- wrk script for bench/storage.sh: PUT objects of BODY_BYTES under unique keys, or GET one key.
-- MODE=put|get, BUCKET, BODY_BYTES (put), KEY (get). Requests are unsigned: both servers accept them.
local mode = os.getenv("MODE") or "get"
local bucket = os.getenv("BUCKET") or "bench"
local size = tonumber(os.getenv("BODY_BYTES") or "1024")
local key = os.getenv("KEY") or "object"
local body = string.rep("s", size)
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
function request()
  if mode == "put" then
    counter = counter + 1
    return wrk.format("PUT", "/" .. bucket .. "/w" .. tid .. "-" .. counter,
      {["Content-Type"] = "application/octet-stream"}, body)
  end
  return wrk.format("GET", "/" .. bucket .. "/" .. key)
end
