#!/usr/bin/env bash
# The admin API beside Kafka's own CLI, on the same standalone Tributary in the same run: the latency of listing
# 1,000 topics, of describing a group of 50 live members with its lag, and of planning a reset of a group to the
# earliest offsets. REST: RUNS warm calls each from one HTTP client (AdminApiBench.java; median and p95). CLI: RUNS
# runs each of kafka-topics --list, kafka-consumer-groups --describe, kafka-consumer-groups --reset-offsets
# --to-earliest --dry-run (Kafka 4.4's tools, from the anchor), wall time of the whole command (median and p95): what
# an operator waits for, JVM start included (the jvm-start-floor row: kafka-topics --version, which connects nowhere). Results go to $BENCH_ROOT (default /tmp/tributary-bench/admin-api-<time>).
#   bench/admin-api.sh                about 3 minutes on 2 cores
#   BENCH_RUNS=20                     calls per operation
set -euo pipefail
BENCH_NAME=admin-api
# shellcheck source=bench/env.sh
source "$(dirname "$0")/env.sh"
bench_root admin-api-
RUNS="${BENCH_RUNS:-20}"
HTTP_PORT=$((TRIBUTARY_PORT + 2))
BOOTSTRAP="127.0.0.1:$TRIBUTARY_PORT"
ensure_built "$JAR" "$CLI_LIB"
ensure_anchor

cleanup() { [ -n "${TRIBUTARY_PID:-}" ] && kill "$TRIBUTARY_PID" 2>/dev/null; [ -n "${BENCH_PID:-}" ] && kill "$BENCH_PID" 2>/dev/null; true; }
trap cleanup EXIT

cli_times() {  # cli_times OPERATION TOOL ARGS...: RUNS wall times of a Kafka tool, "cli OPERATION median p95"
  local op="$1" i start end
  shift
  local times=()
  for ((i = 0; i < RUNS; i++)); do
    start=$(date +%s%N)
    "$ANCHOR/tools.sh" "$@" > "$BENCH_ROOT/cli-$op.out" 2>&1 || { log "$op failed: $(tail -3 "$BENCH_ROOT/cli-$op.out")"; return 1; }
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000000 ))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v op="$op" '{ v[NR] = $1 } END {
    p = int(NR * 0.95 + 0.999); printf "cli %s %.1f %.1f\n", op, v[int((NR + 1) / 2)], v[p] }'
}

log "starting standalone Tributary (HTTP on $HTTP_PORT)"
start_standalone "$BENCH_ROOT/data" "$BENCH_ROOT/tributary.log" "$HTTP_PORT"
java -Xmx1G -cp "$CLI_LIB/*" "$ROOT/bench/AdminApiBench.java" "$BOOTSTRAP" "http://127.0.0.1:$HTTP_PORT" "$RUNS" \
  "$BENCH_ROOT/cli-done" > "$BENCH_ROOT/rest.out" 2> "$BENCH_ROOT/rest.err" &
BENCH_PID=$!
log "creating 1,000 topics and a 50-member group, then timing the REST calls"
until grep -qs '^ready$' "$BENCH_ROOT/rest.out"; do
  kill -0 "$BENCH_PID" 2>/dev/null || { log "AdminApiBench failed: $(tail -5 "$BENCH_ROOT/rest.err")"; exit 1; }
  sleep 1
done
log "timing Kafka's CLI on the same cluster"
{
  grep '^rest ' "$BENCH_ROOT/rest.out"
  cli_times jvm-start-floor TopicCommand --version
  cli_times list-1000-topics TopicCommand --bootstrap-server "$BOOTSTRAP" --list
  cli_times describe-50-member-group-with-lag ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" --describe \
    --group bench-live
  cli_times reset-plan-to-earliest ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" --reset-offsets \
    --to-earliest --group bench-idle --all-topics --dry-run
} > "$BENCH_ROOT/results.txt"
touch "$BENCH_ROOT/cli-done"
wait "$BENCH_PID"
BENCH_PID=
log "results in $BENCH_ROOT"
awk 'BEGIN { printf "%-36s %14s %14s %14s %14s\n", "operation", "REST median ms", "REST p95 ms", "CLI median ms", "CLI p95 ms" }
  { m[$2 "," $1] = $3; p[$2 "," $1] = $4; ops[$2] = 1; order[++n] = $2 }
  END { for (i = 1; i <= n; i++) { o = order[i]; if (seen[o]++) continue;
        printf "%-36s %14s %14s %14s %14s\n", o, m[o ",rest"], p[o ",rest"], m[o ",cli"], p[o ",cli"] } }' \
  "$BENCH_ROOT/results.txt"
