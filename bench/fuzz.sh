#!/usr/bin/env bash
# The protocol fuzzer of FuzzIT (io.tributary.e2e.fuzz.FuzzMain, in e2e-tests' test classes) against Apache Kafka 4.4
# (the anchor in ../shared/anchors/kafka) and then standalone Tributary, on this machine in the same run, with the same
# seed and FUZZ_FRAMES frames each: frames per second survived, findings, the server's CPU time and peak RSS (VmHWM),
# whether the node still serves afterwards (FuzzMain's ServiceCheck: ApiVersions and Metadata on every port, a topic
# created, records produced and consumed in a group through every port), and whether what it accepted into the fuzz
# topics reads back with a consumer. Kafka is fuzzed on its one client
# port; Tributary on its broker and coordinator ports, half of the connections each. Results go to $BENCH_ROOT
# (default /tmp/tributary-bench/fuzz-<time>); the side-by-side table is printed at the end.
#   bench/fuzz.sh                        1,000,000 frames each (about 10 minutes in all on 2 cores)
#   FUZZ_FRAMES=100000 bench/fuzz.sh     a quick run
#   FUZZ_SEED=42                         the seed (default: the current time; printed either way)
#   FUZZ_CONNECTIONS=16                  concurrent fuzzing connections per node
#   TRIBUTARY_HEAP="-Xmx1G -Xms1G"       the standalone JVM's heap (the same as the anchor broker's by default)
#   MVN_FLAGS=-o                         extra flags for the Maven build of the jar and the test classes
set -euo pipefail
BENCH_NAME=fuzz
# shellcheck source=bench/env.sh
source "$(dirname "$0")/env.sh"
bench_root fuzz-
FRAMES="${FUZZ_FRAMES:-1000000}"
SEED="${FUZZ_SEED:-$(date +%s)}"
CONNECTIONS="${FUZZ_CONNECTIONS:-16}"

ensure_built "$JAR"
log "compiling the fuzzer (e2e-tests test classes) and writing its classpath"
# shellcheck disable=SC2086
(cd "$ROOT" && ./mvnw -B -q ${MVN_FLAGS:-} -pl e2e-tests test-compile dependency:build-classpath \
  -Dmdep.outputFile="$BENCH_ROOT/classpath.txt" -Dmdep.includeScope=test)
CP="$ROOT/e2e-tests/target/test-classes:$(cat "$BENCH_ROOT/classpath.txt")"
ensure_anchor

fuzz() {  # fuzz LABEL PID WORKERS_PER_TARGET TARGET...: runs FuzzMain, then records the server's CPU and VmHWM
  local label="$1" pid="$2" workers="$3" cpu0 status=0 args=()
  shift 3
  for t in "$@"; do args+=(--target "$t"); done
  cpu0="$(cpu_seconds "$pid")"
  java -Xmx512m -cp "$CP" io.tributary.e2e.fuzz.FuzzMain "${args[@]}" --frames "$FRAMES" --seed "$SEED" \
    --workers "$workers" > "$BENCH_ROOT/$label.txt" 2> "$BENCH_ROOT/$label.clients.log" || status=$?
  {
    echo "exit_status=$status"
    echo "server_cpu_s=$(awk -v a="$cpu0" -v b="$(cpu_seconds "$pid")" 'BEGIN { printf "%.1f", b - a }')"
    echo "alive=$(kill -0 "$pid" 2>/dev/null && echo yes || echo no)"
    grep -E '^(VmHWM|VmRSS)' "/proc/$pid/status" || echo "VmHWM: (process gone)"
  } >> "$BENCH_ROOT/$label.txt"
  grep -E '^(fuzz seed|outcomes|liveness|serves afterwards|accepted records|run stopped|[0-9]+ findings)' \
    "$BENCH_ROOT/$label.txt" >&2 || true
}

log "1/2 Apache Kafka $(cat "$ANCHOR/lib/BROKER_VERSION" 2>/dev/null), seed $SEED, $FRAMES frames"
"$ANCHOR/start.sh"
KAFKA_PID="$(cat /tmp/kafka-anchor/broker.pid)"
trap '"$ANCHOR/stop.sh" --clean > /dev/null || true' EXIT
fuzz apache-kafka "$KAFKA_PID" "$CONNECTIONS" "kafka=127.0.0.1:19092"
"$ANCHOR/stop.sh" --clean
trap - EXIT

log "2/2 Tributary standalone, seed $SEED, $FRAMES frames"
trap 'kill "${TRIBUTARY_PID:-}" 2>/dev/null || true' EXIT
start_standalone "$BENCH_ROOT/tributary-data" "$BENCH_ROOT/tributary.log"
fuzz tributary "$TRIBUTARY_PID" "$((CONNECTIONS / 2))" "broker=127.0.0.1:$TRIBUTARY_PORT" \
  "coordinator=127.0.0.1:$((TRIBUTARY_PORT + 1))"
kill "$TRIBUTARY_PID"; wait "$TRIBUTARY_PID" || true
trap - EXIT

{
  echo "seed $SEED, $FRAMES frames per node, $CONNECTIONS connections per node"
  printf '%-14s %9s %8s %9s %9s %9s %8s %10s %8s %s\n' node frames seconds frames/s findings verdict cpu_s VmHWM_MiB serves reads_back
  for label in apache-kafka tributary; do
    f="$BENCH_ROOT/$label.txt"
    line="$(grep -m1 '^fuzz seed' "$f" || true)"
    printf '%-14s %9s %8s %9s %9s %9s %8s %10s %8s %s\n' "$label" \
      "$(sed -E 's/.*: ([0-9]+) of [0-9]+ frames.*/\1/' <<< "$line")" \
      "$(sed -E 's/.* in ([0-9.]+) s .*/\1/' <<< "$line")" \
      "$(sed -E 's/.*\(([0-9]+) frames\/s\).*/\1/' <<< "$line")" \
      "$(grep -oE '^[0-9]+ findings' "$f" | head -1 | cut -d' ' -f1 | grep . || echo 0)" \
      "$(grep -q 'DID NOT SURVIVE' <<< "$line" && echo no || echo survived)" \
      "$(sed -n 's/^server_cpu_s=//p' "$f")" \
      "$(awk '/^VmHWM/ { printf "%d", $2 / 1024 }' "$f")" \
      "$(grep -q '^serves afterwards: yes' "$f" && echo yes || echo NO)" \
      "$(grep -q '^accepted records read back: yes' "$f" && echo yes || echo NO)"
  done
} | tee "$BENCH_ROOT/summary.txt"
