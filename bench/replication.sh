#!/usr/bin/env bash
# Replicated produce, side by side: 3 Apache Kafka 4.4 brokers (the anchor's KAFKA_ANCHOR_BROKERS=3 start.sh: one KRaft
# controller and 3 brokers) and then 3 Tributary brokers (+ one ZooKeeper and one coordinator, each its own JVM), on
# this machine in the same run, measured by the same client, Kafka's ProducerPerformance with acks=all, each test on a
# fresh topic of BENCH_PARTITIONS partitions, replication factor 3, min.insync.replicas BENCH_MIN_ISR:
#   full-100B  1,000,000 x 100 B at full speed     full-1KiB  200,000 x 1 KiB at full speed
#   rate-100B  BENCH_RATE records/s x 100 B for BENCH_RATE_SECONDS    rate-1KiB  the same with 1 KiB
# and per test: records/s, MB/s, average/p50/p99/p99.9/max latency, the CPU seconds of the 3 broker processes and of
# every server process (Kafka: + the controller; Tributary: + ZooKeeper and the coordinator) from /proc, and the
# broker CPU per record. Before each test it waits (up to BENCH_QUIET_WAIT s) until the rest of the machine is idle;
# a test during which other processes used more than 0.3 cores is marked NOISY. End offsets are checked against the
# records sent. Results go to $BENCH_ROOT (default /tmp/tributary-bench/replication-<time>): results.tsv, the tools'
# output and every server's log; the side-by-side table is printed at the end.
#   bench/replication.sh                   about 6 minutes on 2 cores
#   BENCH_SCALE=0.1 bench/replication.sh   a quick run (record counts and rate durations scaled)
#   BENCH_RATE=20000 BENCH_RATE_SECONDS=30 BENCH_PARTITIONS=3 BENCH_MIN_ISR=2 BENCH_QUIET_WAIT=120
#   BENCH_ONLY=kafka|tributary             run one side only
#   TRIBUTARY_HEAP="-Xmx512m -Xms512m"     heap of each Tributary JVM (the same as each anchor broker's by default)
set -euo pipefail
BENCH_NAME=replication
TRIBUTARY_HEAP="${TRIBUTARY_HEAP:--Xmx512m -Xms512m}"
# shellcheck source=bench/env.sh
source "$(dirname "$0")/env.sh"
bench_root replication-
SCALE="${BENCH_SCALE:-1}"
PARTITIONS="${BENCH_PARTITIONS:-3}"
MIN_ISR="${BENCH_MIN_ISR:-2}"
RATE="${BENCH_RATE:-20000}"
RATE_SECONDS="${BENCH_RATE_SECONDS:-30}"
QUIET_WAIT="${BENCH_QUIET_WAIT:-120}"
STEP_TIMEOUT="${BENCH_STEP_TIMEOUT:-300}"
ONLY="${BENCH_ONLY:-}"
RESULTS="$BENCH_ROOT/results.tsv"
ensure_built "$JAR" "$BROKER_JAR" "$COORDINATOR_JAR"
ensure_anchor
scaled() { awk -v n="$1" -v s="$SCALE" 'BEGIN { v = int(n * s); if (v < 1) v = 1; print v }'; }
tools() { timeout --kill-after=10 "$STEP_TIMEOUT" "$ANCHOR/tools.sh" "$@"; }

wait_quiet() {  # wait_quiet PID...: until everything but these processes uses < 15% of the machine over 2 s
  local start b0 b1 c0 c1 pct
  start=$(date +%s)
  while :; do
    b0="$(machine_busy_seconds)"; c0="$(cpu_seconds "$@")"; sleep 2; b1="$(machine_busy_seconds)"; c1="$(cpu_seconds "$@")"
    pct="$(awk -v a="$b0" -v b="$b1" -v c="$c0" -v d="$c1" -v n="$(nproc)" \
      'BEGIN { v = 100 * ((b - a) - (d - c)) / 2 / n; printf "%d", v < 0 ? 0 : v }')"
    [ "$pct" -lt 15 ] && return 0
    if [ $(($(date +%s) - start)) -ge "$QUIET_WAIT" ]; then
      log "the machine is still ${pct}% busy after ${QUIET_WAIT} s; measuring anyway"; return 0
    fi
    log "the machine is ${pct}% busy besides the cluster; waiting"
    sleep 3
  done
}

create_topic() {  # create_topic BOOTSTRAP TOPIC: retried for up to 60 s (brokers still registering)
  local i
  for ((i = 0; i < 30; i++)); do
    tools TopicCommand --bootstrap-server "$1" --create --topic "$2" --partitions "$PARTITIONS" \
      --replication-factor 3 --config "min.insync.replicas=$MIN_ISR" >> "$BENCH_ROOT/topics.log" 2>&1 && return 0
    sleep 2
  done
  log "could not create $2 (see $BENCH_ROOT/topics.log)"; return 1
}

end_offsets() {  # end_offsets BOOTSTRAP TOPIC: the sum of the partitions' end offsets
  tools GetOffsetShell --bootstrap-server "$1" --topic "$2" --time -1 2>&1 | tee -a "$BENCH_ROOT/offsets.log" \
    | awk -F: '/^[^ :]+:[0-9]+:[0-9]+$/ { s += $3 } END { print s + 0 }'
}

produce() {  # produce SYSTEM BOOTSTRAP TEST RECORDS SIZE THROUGHPUT "BROKER_PIDS" "ALL_PIDS": one row of results.tsv
  local system="$1" bootstrap="$2" test="$3" n="$4" size="$5" rate="$6" brokers="$7" all="$8"
  local topic="bench-$test-$(date +%s)" out="$BENCH_ROOT/$system-$test.log" b0 b1 a0 a1 m0 m1 w0 w1 rc=0
  create_topic "$bootstrap" "$topic"
  # shellcheck disable=SC2086
  wait_quiet $all
  log "$system $test: $n x $size B, acks=all, throughput $rate"
  # shellcheck disable=SC2086
  b0="$(cpu_seconds $brokers)"; a0="$(cpu_seconds $all)"; m0="$(machine_busy_seconds)"; w0="$(date +%s.%N)"
  tools ProducerPerformance --bootstrap-server "$bootstrap" --topic "$topic" --num-records "$n" \
    --record-size "$size" --throughput "$rate" --command-property acks=all > "$out" 2>&1 || rc=$?
  # shellcheck disable=SC2086
  b1="$(cpu_seconds $brokers)"; a1="$(cpu_seconds $all)"; m1="$(machine_busy_seconds)"; w1="$(date +%s.%N)"
  local line offsets check=""
  line="$(grep '99.9th' "$out" | tail -1 || true)"
  offsets="$(end_offsets "$bootstrap" "$topic")"
  [ "$rc" = 0 ] || check="rc=$rc"
  [ "$offsets" = "$n" ] || check="$check,end_offsets=$offsets"
  # other load: the machine's busy seconds minus the servers' and this tool's share (its JVM: the rest of one core
  # at most); flagged when the machine did more than the cluster plus one client core could explain
  local wall other
  wall="$(awk -v a="$w0" -v b="$w1" 'BEGIN { printf "%.1f", b - a }')"
  other="$(awk -v m0="$m0" -v m1="$m1" -v a0="$a0" -v a1="$a1" -v w="$wall" \
    'BEGIN { v = (m1 - m0) - (a1 - a0) - w; printf "%.1f", v < 0 ? 0 : v }')"
  if awk -v o="$other" -v w="$wall" 'BEGIN { exit !(w > 0 && o / w > 0.3) }'; then check="$check,NOISY"; fi
  check="${check#,}"; check="${check:-ok}"
  echo "$line" | awk -v sys="$system" -v test="$test" -v size="$size" -v rate="$rate" -v n="$n" \
    -v bc="$(awk -v a="$b0" -v b="$b1" 'BEGIN { printf "%.1f", b - a }')" \
    -v ac="$(awk -v a="$a0" -v b="$a1" 'BEGIN { printf "%.1f", b - a }')" -v other="$other" -v check="$check" '
    { gsub(/[(),]/, " "); split($0, a, " ") }
    END {
      if (a[4] == "") { a[4] = a[6] = a[8] = a[12] = a[16] = a[22] = a[25] = "-" }
      printf "%s\t%s\t%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%s\t%s\n", sys, test, size, rate, n, a[4],
        a[6], a[8], a[16], a[22], a[25], a[12], bc, ac, 1e6 * bc / n, other, check }' | tee -a "$RESULTS" >&2
}

run_tests() {  # run_tests SYSTEM BOOTSTRAP "BROKER_PIDS" "ALL_PIDS"
  local warm="bench-warmup-$(date +%s)"
  create_topic "$2" "$warm"
  tools ProducerPerformance --bootstrap-server "$2" --topic "$warm" --num-records "$(scaled 200000)" \
    --record-size 100 --throughput -1 --command-property acks=all > "$BENCH_ROOT/$1-warmup.log" 2>&1 \
    || log "$1 warm-up failed (see $BENCH_ROOT/$1-warmup.log)"
  produce "$1" "$2" full-100B "$(scaled 1000000)" 100 -1 "$3" "$4" || true
  produce "$1" "$2" full-1KiB "$(scaled 200000)" 1024 -1 "$3" "$4" || true
  produce "$1" "$2" rate-100B "$(scaled $((RATE * RATE_SECONDS)))" 100 "$RATE" "$3" "$4" || true
  produce "$1" "$2" rate-1KiB "$(scaled $((RATE * RATE_SECONDS)))" 1024 "$RATE" "$3" "$4" || true
}

printf 'system\ttest\tbytes\tthroughput\trecords\trecords_per_s\tMB_per_s\tavg_ms\tp50_ms\tp99_ms\tp999_ms\tmax_ms\tbroker_cpu_s\tall_cpu_s\tbroker_cpu_us_per_record\tother_cpu_s\tcheck\n' > "$RESULTS"
{
  echo "date=$(date -Is) host=$(hostname) cores=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) java=$(java -version 2>&1 | head -1)"
  echo "partitions=$PARTITIONS replication_factor=3 min_insync_replicas=$MIN_ISR acks=all rate=$RATE/s for ${RATE_SECONDS}s scale=$SCALE"
} | tee "$BENCH_ROOT/header.txt" >&2

if [ "$ONLY" != tributary ]; then
  log "1/2 Apache Kafka $(cat "$ANCHOR/lib/BROKER_VERSION" 2>/dev/null): 3 brokers and a KRaft controller"
  trap '"$ANCHOR/stop.sh" --clean > /dev/null || true' EXIT
  KAFKA_ANCHOR_BROKERS=3 "$ANCHOR/start.sh" | tee "$BENCH_ROOT/kafka-start.log" >&2
  KAFKA_BOOTSTRAP="$(sed -n 's/.*: bootstrap \([^ ]*\), broker pids.*/\1/p' "$BENCH_ROOT/kafka-start.log")"
  KAFKA_BROKERS="$(awk '$1 ~ /^broker-/ { printf "%s ", $2 }' /tmp/kafka-anchor/cluster.pids)"
  KAFKA_ALL="$(awk '{ printf "%s ", $2 }' /tmp/kafka-anchor/cluster.pids)"
  run_tests apache-kafka "$KAFKA_BOOTSTRAP" "$KAFKA_BROKERS" "$KAFKA_ALL"
  "$ANCHOR/stop.sh" --clean | tee -a "$BENCH_ROOT/kafka-stop.log" >&2
  trap - EXIT
fi

if [ "$ONLY" != kafka ]; then
  log "2/2 Tributary: 3 brokers, a coordinator and ZooKeeper"
  PIDS=()
  trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
  ZK_PORT=$((TRIBUTARY_PORT + 8))
  # ZooKeeper's own server main, from the standalone jar's libraries
  java -Xmx256m -Dzookeeper.admin.enableServer=false -Dloader.main=org.apache.zookeeper.server.ZooKeeperServerMain \
    -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher "$ZK_PORT" "$BENCH_ROOT/tributary/zookeeper" \
    > "$BENCH_ROOT/tributary-zookeeper.log" 2>&1 &
  ZK_PID=$!; PIDS+=("$ZK_PID")
  ZK="127.0.0.1:$ZK_PORT/tributary"
  TRIBUTARY_BOOTSTRAP=""; TRIBUTARY_BROKERS=""
  for id in 1 2 3; do
    port=$((TRIBUTARY_PORT + 2 * (id - 1)))
    # shellcheck disable=SC2086
    java $TRIBUTARY_HEAP -XX:+UseG1GC -jar "$BROKER_JAR" --broker.id="$id" --listeners="PLAINTEXT://127.0.0.1:$port" \
      --log.dirs="$BENCH_ROOT/tributary/broker-$id" --zookeeper.connect="$ZK" --server.port=0 \
      > "$BENCH_ROOT/tributary-broker-$id.log" 2>&1 &
    PIDS+=($!); TRIBUTARY_BROKERS+="$! "
    TRIBUTARY_BOOTSTRAP+="${TRIBUTARY_BOOTSTRAP:+,}127.0.0.1:$port"
  done
  # shellcheck disable=SC2086
  java $TRIBUTARY_HEAP -XX:+UseG1GC -jar "$COORDINATOR_JAR" --coordinator.id=1000 \
    --listeners="PLAINTEXT://127.0.0.1:$((TRIBUTARY_PORT + 6))" --zookeeper.connect="$ZK" --server.port=0 \
    > "$BENCH_ROOT/tributary-coordinator.log" 2>&1 &
  PIDS+=($!)
  await_serving "$TRIBUTARY_BOOTSTRAP" 90
  run_tests tributary "$TRIBUTARY_BOOTSTRAP" "$TRIBUTARY_BROKERS" "${PIDS[*]}"
  for p in "${PIDS[@]}"; do
    grep -E '^VmHWM' "/proc/$p/status" 2>/dev/null | sed "s/^/tributary pid $p /" >> "$BENCH_ROOT/tributary-memory.txt" || true
  done
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[$i]}" 2>/dev/null || true; wait "${PIDS[$i]}" || true; done
  trap - EXIT
fi

{
  cat "$BENCH_ROOT/header.txt"
  awk -F'\t' '
    NR == 1 { next }
    { key = $2; sys = ($1 == "tributary") ? "t" : "k"; tests[key] = 1
      rps[sys, key] = $6; p99[sys, key] = $10; cpu[sys, key] = $13; us[sys, key] = $15; chk[sys, key] = $17 }
    END {
      printf "%-10s %12s %12s %7s %10s %10s %11s %11s %10s %10s  %s\n", "test", "kafka_rec/s", "trib_rec/s",
        "ratio", "kafka_p99", "trib_p99", "kafka_cpu_s", "trib_cpu_s", "kafka_us/r", "trib_us/r", "checks (kafka / tributary)"
      n = split("full-100B full-1KiB rate-100B rate-1KiB", order, " ")
      for (i = 1; i <= n; i++) {
        t = order[i]; if (!(t in tests)) continue
        ratio = (rps["k", t] > 0 && rps["t", t] != "" && rps["t", t] != "-") ? sprintf("%.2f", rps["t", t] / rps["k", t]) : "-"
        printf "%-10s %12s %12s %7s %10s %10s %11s %11s %10s %10s  %s / %s\n", t, rps["k", t], rps["t", t], ratio,
          p99["k", t], p99["t", t], cpu["k", t], cpu["t", t], us["k", t], us["t", t], chk["k", t], chk["t", t]
      }
    }' "$RESULTS"
  echo "p99 in ms; cpu_s: the 3 broker processes' CPU seconds during the test; us/r: those per record; raw: $BENCH_ROOT"
} | tee "$BENCH_ROOT/summary.txt"
