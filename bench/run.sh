#!/usr/bin/env bash
# Side-by-side benchmark: Apache Kafka 4.4 (the anchor in ../shared/anchors/kafka) and standalone Tributary on
# this machine, one after the other, measured by the same Kafka perf tools (ProducerPerformance, ConsumerPerformance
# with a group), an assign() consumer (AssignConsumerPerf.java) and a consumer-group benchmark (GroupBench.java: time
# for a group of GROUP_MEMBERS consumers to be stable after one more joins, and OffsetCommit throughput). Results go
# to $BENCH_ROOT (default /tmp/tributary-bench/<time>) and the side-by-side tables are printed at the end.
#   BENCH_SCALE=0.05 bench/run.sh     a 2-3 minute smoke run; the full scale takes about 8 minutes
#   KAFKA_ANCHOR=path                 the anchors/kafka folder (default ../shared/anchors/kafka beside the repo)
#   TRIBUTARY_HEAP="-Xmx1G -Xms1G"    the standalone JVM's heap (the same as the anchor broker's by default)
set -euo pipefail
BENCH_NAME=run
# shellcheck source=bench/env.sh
source "$(dirname "$0")/env.sh"
bench_root ""
GROUP_MEMBERS="${GROUP_MEMBERS:-50}"
COMMIT_SECONDS="${COMMIT_SECONDS:-20}"
ensure_built "$JAR" "$CLI_LIB"
ensure_anchor

assign_consume() {  # assign_consume LABEL BOOTSTRAP BROKER_PIDS: reads the 1M x 100 B acks=1 topic of the run
  local label="$1" bootstrap="$2" pids="$3" topic c0 c1
  topic="$("$ANCHOR/tools.sh" TopicCommand --bootstrap-server "$bootstrap" --list | grep -E -- '-produce-100B-acks1-r1$' | head -1)"
  [ -n "$topic" ] || { log "$label: no produce-100B-acks1 topic to read"; return 1; }
  # shellcheck disable=SC2086
  c0="$(cpu_seconds $pids)"
  local line
  line="$(java -Xmx512m -cp "$CLI_LIB/*" "$ROOT/bench/AssignConsumerPerf.java" "$bootstrap" "$topic" \
          "$(awk -v s="${BENCH_SCALE:-1}" 'BEGIN { printf "%d", 1000000 * s }')")"
  # shellcheck disable=SC2086
  c1="$(cpu_seconds $pids)"
  echo "$label assign-consume-100B $line broker_cpu_s=$(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.1f", b - a }')" \
    | tee -a "$BENCH_ROOT/assign-consume.txt"
}
group_bench() {  # group_bench LABEL BOOTSTRAP
  echo "$1 $(java -Xmx1G -cp "$CLI_LIB/*" "$ROOT/bench/GroupBench.java" "$2" "$GROUP_MEMBERS" "$COMMIT_SECONDS" 2>/dev/null \
    | tr '\n' ' ')" | tee -a "$BENCH_ROOT/groups.txt"
}
delete_bench_topics() {
  local t
  for t in $("$ANCHOR/tools.sh" TopicCommand --bootstrap-server "$1" --list | grep -E '^bench-'); do
    "$ANCHOR/tools.sh" TopicCommand --bootstrap-server "$1" --delete --topic "$t" || true
  done
}

log "1/2 Apache Kafka"
"$ANCHOR/start.sh"
KAFKA_PID="$(cat /tmp/kafka-anchor/broker.pid)"
BENCH_KEEP_TOPICS=1 BENCH_LABEL=apache-kafka-4.4.0 BENCH_OUT="$BENCH_ROOT/kafka" "$ANCHOR/bench.sh" 127.0.0.1:19092 || log "kafka bench reported a problem"
assign_consume apache-kafka 127.0.0.1:19092 "$KAFKA_PID" || true
group_bench apache-kafka 127.0.0.1:19092 || true
"$ANCHOR/stop.sh" --clean

log "2/2 Tributary standalone"
trap 'kill "${TRIBUTARY_PID:-}" 2>/dev/null || true' EXIT
start_standalone "$BENCH_ROOT/tributary-data" "$BENCH_ROOT/tributary.log"
BROKER_PIDS="$TRIBUTARY_PID" BENCH_KEEP_TOPICS=1 BENCH_LABEL=tributary-standalone BENCH_OUT="$BENCH_ROOT/tributary" \
  "$ANCHOR/bench.sh" "127.0.0.1:$TRIBUTARY_PORT" || log "tributary bench reported a problem"
assign_consume tributary "127.0.0.1:$TRIBUTARY_PORT" "$TRIBUTARY_PID" || true
group_bench tributary "127.0.0.1:$TRIBUTARY_PORT" || true
grep -E '^VmHWM' "/proc/$TRIBUTARY_PID/status" | tee -a "$BENCH_ROOT/assign-consume.txt" || true
delete_bench_topics "127.0.0.1:$TRIBUTARY_PORT"
kill "$TRIBUTARY_PID"; wait "$TRIBUTARY_PID" || true
trap - EXIT

"$ANCHOR/summarize.py" "$BENCH_ROOT/kafka" "$BENCH_ROOT/tributary" | tee "$BENCH_ROOT/side-by-side.txt"
cat "$BENCH_ROOT/assign-consume.txt" "$BENCH_ROOT/groups.txt"
