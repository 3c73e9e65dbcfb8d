#!/usr/bin/env bash
# Sustained load on a local server (loopback only, bounded in time): wrk
# sends three public page reads for every donation posted through the API,
# from many connections, while the server's resident memory is sampled
# every few seconds. Afterwards the journal is verified with
# strikefund-audit. Not part of CI; see docs/reliability.md for figures.
#
#   scripts/load.sh                      # 150 s, 32 connections, SQLite
#   DURATION_S=60 CONNECTIONS=64 scripts/load.sh
#   WRITE_EVERY=0 scripts/load.sh        # page reads only
#   LOAD_DB=postgres://postgres@127.0.0.1:5432/strikefund_load scripts/load.sh
#
# Uses target/release/strikefund and strikefund-audit (built if missing;
# PROFILE=debug uses the debug build instead).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION_S=${DURATION_S:-150}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
SAMPLE_S=${SAMPLE_S:-5}
WRITE_EVERY=${WRITE_EVERY:-4}
PROFILE=${PROFILE:-release}
PORT=${PORT:-18080}

if [ "$PROFILE" = release ]; then
    [ -x target/release/strikefund ] && [ -x target/release/strikefund-audit ] \
        || cargo build --release --workspace --bins
else
    cargo build --workspace --bins
fi
BIN=target/$PROFILE/strikefund
AUDIT=target/$PROFILE/strikefund-audit

work=$(mktemp -d)
DB=${LOAD_DB:-sqlite://$work/load.db}
server_pid=""
sampler_pid=""
cleanup() {
    [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT

"$BIN" --db "$DB" demo >/dev/null 2>&1
token=$("$BIN" --db "$DB" token create --name "load-$(date +%s)" --role treasurer 2>/dev/null)
STRIKEFUND_LOG=warn "$BIN" --db "$DB" serve --listen "127.0.0.1:$PORT" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/api/v1/journal/head" >/dev/null && break
    sleep 0.1
done
head_before=$(curl -sf "http://127.0.0.1:$PORT/api/v1/journal/head")

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$server_pid/status"; }
(
    start=$(date +%s)
    while kill -0 "$server_pid" 2>/dev/null; do
        echo "$(( $(date +%s) - start )) $(rss_kib)"
        sleep "$SAMPLE_S"
    done
) >"$work/rss.txt" &
sampler_pid=$!

echo "load: ${DURATION_S} s, ${CONNECTIONS} connections, ${THREADS} threads, one write in ${WRITE_EVERY} (0: none), database $DB"
STRIKEFUND_LOAD_TOKEN=$token STRIKEFUND_LOAD_RUN=$(date +%s) STRIKEFUND_LOAD_WRITE_EVERY=$WRITE_EVERY \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION_S}s" --latency -s scripts/load.lua \
    "http://127.0.0.1:$PORT" | tee "$work/wrk.txt"

sleep "$SAMPLE_S"
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""
head_after=$(curl -sf "http://127.0.0.1:$PORT/api/v1/journal/head")
echo
echo "RSS (seconds, KiB), every ${SAMPLE_S} s:"
tr '\n' ' ' <"$work/rss.txt"
echo
awk 'NR == 1 {first = $2} {last = $2; if ($2 > max) max = $2}
     END {printf "RSS start %d KiB, end %d KiB, max %d KiB\n", first, last, max}' "$work/rss.txt"
echo "journal head before: $head_before"
echo "journal head after:  $head_after"
echo "server errors logged: $(grep -c -E 'ERROR|WARN' "$work/server.log" || true)"
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
"$AUDIT" verify --db "$DB"
"$AUDIT" balances --db "$DB"
