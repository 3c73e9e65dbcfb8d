#!/usr/bin/env bash
# Every figure in BENCHMARKS.md, in one run, on this machine:
#   1. donations/s through the HTTP API (wrk, 64 connections) on SQLite and
#      PostgreSQL, next to the raw floor: the same number of rows inserted
#      into a plain table in the writer's mean batch size;
#   2. the same appends in-process through the journal writer
#      (benches/journal_append.rs) and through the peer library doubleentry
#      (benches/peer.rs);
#   3. strikefund-audit verify against plain SHA-256 (scripts/bench-audit.sh);
#   4. `/` and `/api/v1/totals` with wrk at SMALL_ENTRIES and LARGE_ENTRIES
#      journal entries, next to a trivial axum handler (the framework floor);
#   5. time to build the large ledger (`strikefund demo --entries`), server
#      start time and resident memory on it.
#
#   scripts/bench.sh                       # everything (about 20 minutes)
#   LARGE_ENTRIES=100000 scripts/bench.sh  # a smaller large ledger
#
# PostgreSQL figures need STRIKEFUND_TEST_POSTGRES_URL (a server where
# fresh databases can be created). Needs wrk, curl and psql (Debian
# packages wrk, curl, postgresql-client). Results are printed and written
# to target/bench/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

LARGE_ENTRIES=${LARGE_ENTRIES:-1000000}
SMALL_ENTRIES=${SMALL_ENTRIES:-1000}
AUDIT_ENTRIES=${AUDIT_ENTRIES:-1000000}
CLIENTS=${CLIENTS:-64}
APPEND_S=${APPEND_S:-20}
READ_S=${READ_S:-15}
PORT=${PORT:-18181}
PG=${STRIKEFUND_TEST_POSTGRES_URL:-}
export PGOPTIONS="-c client_min_messages=warning"

for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "bench.sh needs $tool (apt-get install $tool)" >&2; exit 2; }
done

mkdir -p target/bench
results=target/bench/results.md
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

say() { echo "$*" | tee -a "$results"; }

: >"$results"
say "# scripts/bench.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
say ""
say "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM"
say "- $(rustc --version), $(uname -sr), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$PG" ]; then
    say "- PostgreSQL $(psql "$PG" -Atc 'show server_version' 2>/dev/null || echo '(version unknown)')"
else
    say "- PostgreSQL: not measured (STRIKEFUND_TEST_POSTGRES_URL unset)"
fi
say ""

cargo build --release -q --workspace --bins --examples
cargo bench -q --no-run --bench journal_append --bench peer 2>/dev/null
BIN=target/release/strikefund
AUDIT=target/release/strikefund-audit
"$BIN" keygen --data-key "$work/data.key" >/dev/null 2>&1

# A fresh database URL for NAME on the selected backend.
fresh_db() {
    local backend=$1 name=$2
    if [ "$backend" = sqlite ]; then
        echo "sqlite://$work/$name.db"
    else
        local database="strikefund_bench_${name}_$$"
        psql "$PG" -qc "DROP DATABASE IF EXISTS $database" >/dev/null
        psql "$PG" -qc "CREATE DATABASE $database" >/dev/null
        echo "${PG%/*}/$database"
    fi
}

drop_db() {
    case "$1" in postgres*) psql "$PG" -qc "DROP DATABASE IF EXISTS ${1##*/}" >/dev/null ;; esac
}

# Starts the server on DB and waits until it answers; sets server_pid and
# start_ms (from exec to the first answer).
start_server() {
    local db=$1 log=$2
    local started
    started=$(date +%s%N)
    STRIKEFUND_LOG=info "$BIN" --db "$db" --data-key "$work/data.key" serve --listen "127.0.0.1:$PORT" 2>"$log" &
    server_pid=$!
    pids+=("$server_pid")
    for _ in $(seq 1 3000); do
        curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/v1/journal/head" && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
        sleep 0.005
    done
    start_ms=$(( ($(date +%s%N) - started) / 1000000 ))
}

stop_server() {
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
}

rss_mib() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$server_pid/status"; }
hwm_mib() { awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$server_pid/status"; }
head_seq() { curl -sf "http://127.0.0.1:$PORT/api/v1/journal/head" | grep -o '"seq":[0-9]*' | cut -d: -f2; }

# wrk's figures: "req/s p50 p99 non-2xx".
wrk_figures() {
    awk '/Requests\/sec:/ {rate = $2}
         /^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2}
         /Non-2xx or 3xx responses:/ {bad = $5}
         /^status [0-9]+:/ {code = $2; sub(":", "", code); if (code !~ /^2/) bad += $3}
         END {printf "%s %s %s %d\n", rate, p50, p99, bad}' "$1"
}

# 1. Donations through the HTTP API, and the raw floor at the same batch size.
http_appends() {
    local backend=$1
    local db floor_db
    db=$(fresh_db "$backend" http)
    "$BIN" --db "$db" --data-key "$work/data.key" demo >/dev/null 2>&1
    local token
    token=$("$BIN" --db "$db" token create --name bench --role treasurer 2>/dev/null)
    start_server "$db" "$work/http-$backend.log"
    local before after
    before=$(head_seq)
    STRIKEFUND_LOAD_TOKEN=$token STRIKEFUND_LOAD_RUN="bench$$" STRIKEFUND_LOAD_WRITE_EVERY=1 \
        wrk -t2 -c"$CLIENTS" -d"${APPEND_S}s" --latency -s scripts/load.lua "http://127.0.0.1:$PORT" \
        >"$work/wrk-http-$backend.txt"
    after=$(head_seq)
    stop_server
    read -r rate p50 p99 bad < <(wrk_figures "$work/wrk-http-$backend.txt")
    local committed entries batches batch
    committed=$(sed 's/\x1b\[[0-9;]*m//g' "$work/http-$backend.log" | grep -o 'entries=[0-9]* batches=[0-9]*' | tail -n 1)
    entries=$(echo "$committed" | sed 's/entries=\([0-9]*\).*/\1/')
    batches=$(echo "$committed" | sed 's/.*batches=\([0-9]*\)/\1/')
    batch=$(( (entries + batches / 2) / (batches > 0 ? batches : 1) ))
    "$AUDIT" verify --db "$db" >/dev/null || { echo "the journal after the HTTP run does not verify" >&2; exit 1; }
    drop_db "$db"
    floor_db=$(fresh_db "$backend" floor)
    local floor
    floor=$(target/release/examples/append_floor "$floor_db" "$((after - before))" "$batch")
    drop_db "$floor_db"
    say "| $backend | $((after - before)) | $rate | $p50 / $p99 | $bad | $batch | $floor | $(awk -v f="$floor" -v r="$rate" 'BEGIN {printf "%.2f", f / r}') |"
}

say "## 1. Donations through the HTTP API (wrk, $CLIENTS connections, ${APPEND_S} s) and the raw floor"
say ""
say "| backend | appended | donations/s | p50 / p99 | errors | mean batch | floor rows/s | floor / API |"
say "|---|---:|---:|---|---:|---:|---:|---:|"
http_appends sqlite
if [ -n "$PG" ]; then http_appends postgres; else say "| postgres | not measured | | | | | | |"; fi
say ""

say "## 2. In-process appends: the journal writer with its floor, and the peer library"
say ""
say '```'
cargo bench -q --bench journal_append 2>/dev/null | grep -E '^(sqlite|postgres)' | tee -a "$results"
APPENDS=${PEER_APPENDS:-20000} cargo bench -q --bench peer 2>/dev/null | grep -E '^(sqlite|postgres)' | tee -a "$results"
say '```'
say ""

say "## 3. strikefund-audit verify against plain SHA-256"
say ""
say '```'
scripts/bench-audit.sh "$AUDIT_ENTRIES" | tee -a "$results"
say '```'
say ""

# 4 and 5. Reads at two ledger sizes, start time, memory.
say "## 4 and 5. Public reads at two ledger sizes, start time and memory (SQLite, wrk, $CLIENTS connections, ${READ_S} s per path)"
say ""
say "| entries | build | start | RSS after start | path | req/s | p50 / p99 | errors | RSS peak |"
say "|---:|---:|---:|---:|---|---:|---|---:|---:|"
reads() {
    local entries=$1 db
    db=$(fresh_db sqlite "reads$entries")
    local built_ms started
    started=$(date +%s%N)
    "$BIN" --db "$db" --data-key "$work/data.key" demo --entries "$entries" >"$work/demo-$entries.txt" 2>&1
    built_ms=$(( ($(date +%s%N) - started) / 1000000 ))
    start_server "$db" "$work/reads-$entries.log"
    local actual rss
    actual=$(head_seq)
    rss=$(rss_mib)
    for path in / /api/v1/totals; do
        wrk -t2 -c"$CLIENTS" -d"${READ_S}s" --latency "http://127.0.0.1:$PORT$path" >"$work/wrk-reads.txt"
        read -r rate p50 p99 bad < <(wrk_figures "$work/wrk-reads.txt")
        say "| $actual | $(awk -v ms="$built_ms" 'BEGIN {printf "%.1f s", ms / 1000}') | $start_ms ms | $rss MiB | \`$path\` | $rate | $p50 / $p99 | $bad | $(hwm_mib) MiB |"
    done
    stop_server
}
reads "$SMALL_ENTRIES"
reads "$LARGE_ENTRIES"
target/release/examples/hello "127.0.0.1:$PORT" &
hello_pid=$!
pids+=("$hello_pid")
for _ in $(seq 1 200); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.01; done
wrk -t2 -c"$CLIENTS" -d"${READ_S}s" --latency "http://127.0.0.1:$PORT/" >"$work/wrk-hello.txt"
read -r rate p50 p99 bad < <(wrk_figures "$work/wrk-hello.txt")
say "| framework floor | | | | \`/\` (trivial axum handler) | $rate | $p50 / $p99 | $bad | |"
kill "$hello_pid"
say ""
say "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "written to $results"
