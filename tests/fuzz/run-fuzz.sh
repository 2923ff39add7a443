#!/bin/bash
# Runs one libFuzzer target for a bounded time over the corpus in the tree.
# Usage: run-fuzz.sh TARGET SEED_CORPUS WORK_CORPUS ARTIFACT_DIR [SECONDS]
# ACCEL_FUZZ_SECONDS (default SECONDS, else 30) sets the time: longer runs
# on demand.
set -euo pipefail
target=$1 seeds=$2 work=$3 artifacts=$4 secs=${5:-30}
mkdir -p "$work" "$artifacts"
exec "$target" -max_total_time="${ACCEL_FUZZ_SECONDS:-$secs}" -rss_limit_mb=2048 \
	-timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts/" \
	"$work" "$seeds"
