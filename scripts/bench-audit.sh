#!/usr/bin/env bash
# Benchmark of the auditor: `strikefund-audit verify --file` over one million
# generated entries, against plain SHA-256 over the same canonical bytes
# measured in the same run. Prints the figures recorded in BENCHMARKS.md.
# Usage: scripts/bench-audit.sh [ENTRIES]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p strikefund-audit --bin strikefund-audit --example bench_verify
target/release/examples/bench_verify target/release/strikefund-audit "${1:-1000000}"
