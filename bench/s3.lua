-- wrk script for bench/storage.sh and bench/auth-cost.sh: PUT objects of BODY_BYTES, or GET, cycling
-- through the request targets in the file TARGETS (path and query, one per line; bench/lib.sh's
-- bench_s3_targets writes them: presigned URLs for Stratus, plain paths for servers without
-- authentication). MODE=put|get, BODY_BYTES (put), THREADS (wrk's -t: the threads start at evenly
-- spaced targets, so two of them rarely write the same key at once).
local mode = os.getenv("MODE") or "get"
local size = tonumber(os.getenv("BODY_BYTES") or "1024")
local body = string.rep("s", size)
local targets = {}
for line in io.lines(os.getenv("TARGETS")) do
  targets[#targets + 1] = line
end
assert(#targets > 0, "no request targets in " .. os.getenv("TARGETS"))

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local next_target
function init(args)
  next_target = math.floor((tid - 1) * #targets / tonumber(os.getenv("THREADS") or "1"))
end

function request()
  next_target = next_target % #targets + 1
  if mode == "put" then
    return wrk.format("PUT", targets[next_target], {["Content-Type"] = "application/octet-stream"}, body)
  end
  return wrk.format("GET", targets[next_target])
end
