#!/usr/bin/env bash
# A @KafkaListener of the consumer starter beside a bare KafkaConsumer poll loop, on the same topic of the same
# standalone Tributary in the same run: records per second from the first record to the last, one consumer thread
# each, offsets committed after each poll (ListenerBench.java; medians of RUNS reads each way, taken in turns).
# Results go to $BENCH_ROOT (default /tmp/tributary-bench/listener-<time>).
#   bench/listener.sh                 about 3 minutes on 2 cores
#   BENCH_RECORDS=1000000             records in the topic (JSON values of about 100 B)
#   BENCH_RUNS=7                      reads each way
set -euo pipefail
BENCH_NAME=listener
# shellcheck source=bench/env.sh
source "$(dirname "$0")/env.sh"
bench_root listener-
RECORDS="${BENCH_RECORDS:-1000000}"
RUNS="${BENCH_RUNS:-7}"
BOOTSTRAP="127.0.0.1:$TRIBUTARY_PORT"
ensure_built "$JAR"

cleanup() { [ -n "${TRIBUTARY_PID:-}" ] && kill "$TRIBUTARY_PID" 2>/dev/null; true; }
trap cleanup EXIT

log "resolving the consumer starter's classpath (the reactor's own classes for Tributary's modules)"
# shellcheck disable=SC2086
(cd "$ROOT" && ./mvnw -B -q ${MVN_FLAGS:--o} -pl consumer-starter -am compile dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$BENCH_ROOT/classpath.txt")
mkdir -p "$BENCH_ROOT/classes"
javac -proc:none -parameters -cp "$(cat "$BENCH_ROOT/classpath.txt")" -d "$BENCH_ROOT/classes" "$ROOT/bench/ListenerBench.java"
# warnings only, for every way alike: logback's default (DEBUG to the console) would weigh on the bare loops
cat > "$BENCH_ROOT/classes/logback.xml" <<'XML'
<configuration>
  <appender name="err" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="err"/></root>
</configuration>
XML

log "starting standalone Tributary"
# shellcheck disable=SC2086
java $TRIBUTARY_HEAP -XX:+UseG1GC -jar "$JAR" --data-dir="$BENCH_ROOT/data" --port="$TRIBUTARY_PORT" \
  --coordinator-port="$((TRIBUTARY_PORT + 1))" --zookeeper-port=0 --server.port=0 > "$BENCH_ROOT/tributary.log" 2>&1 &
TRIBUTARY_PID=$!

log "writing $RECORDS records, then reading them $RUNS times each way"
java -Xmx1G -Xms1G -cp "$BENCH_ROOT/classes:$(cat "$BENCH_ROOT/classpath.txt")" ListenerBench "$BOOTSTRAP" \
  "$RECORDS" "$RUNS" 2> "$BENCH_ROOT/bench.err" | tee "$BENCH_ROOT/results.txt" >&2
log "results in $BENCH_ROOT (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-12s %18s   %s\n' way "median records/s" "all runs"
for way in bare-bytes bare-json listener; do
  runs=$(awk -v w="$way" '$1 == w { print $2 }' "$BENCH_ROOT/results.txt")
  median=$(sort -n <<< "$runs" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  printf '%-12s %18s   %s\n' "$way" "$median" "$(tr '\n' ' ' <<< "$runs")"
done
