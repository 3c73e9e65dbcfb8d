-- wrk script for scripts/load.sh: three public page reads for every
-- donation posted through the API (STRIKEFUND_LOAD_WRITE_EVERY=4; 0 for
-- reads only), each donation with its own Idempotency-Key and bank
-- reference (unique per run, thread and request).

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("thread_id", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("STRIKEFUND_LOAD_TOKEN")
  run_id = os.getenv("STRIKEFUND_LOAD_RUN") or tostring(os.time())
  write_every = tonumber(os.getenv("STRIKEFUND_LOAD_WRITE_EVERY") or "4")
  counter = 0
  statuses = {}
end

function request()
  counter = counter + 1
  if write_every > 0 and counter % write_every == 0 then
    local key = string.format("load-%s-%d-%d", run_id, thread_id, counter)
    local body = string.format(
      '{"amount":"1.00","currency":"EUR","received_on":"2020-08-20",' ..
      '"account":"assets:bank:lt-main","earmark":null,"reference":"%s","donor":null}', key)
    local headers = {
      ["Authorization"] = "Bearer " .. token,
      ["Idempotency-Key"] = key,
      ["Content-Type"] = "application/json",
    }
    return wrk.format("POST", "/api/v1/donations", headers, body)
  end
  return wrk.format("GET", "/")
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do
    io.write(string.format("status %d: %d\n", status, count))
  end
end
