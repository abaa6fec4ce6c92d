#!/usr/bin/env bash
# @EmbeddedTributary beside spring-kafka's @EmbeddedKafka (a KRaft broker in the JVM), each in fresh JVMs on this
# machine, one side after the other in every round. Per side, RUNS JVMs of each of:
#   cluster  the in-JVM cluster alone (EmbeddedCluster.start() / EmbeddedKafkaKraftBroker), then one topic
#   context  as JUnit loads test contexts (Spring's TestContextManager): a @SpringBootTest with the side's Spring
#            Boot Kafka auto-configuration and one annotated topic, then one record acknowledged through it; then
#            a second test class with another topic (a second context in the same JVM)
# Medians (and min-max) go to $BENCH_ROOT/results.txt (default /tmp/tributary-bench/embedded-start-<time>), the
# machine's load average beside them: on a shared machine the cold numbers move with it.
#   bench/embedded-start.sh           about 4 minutes on 2 cores
#   BENCH_RUNS=5                      fresh JVMs per side and mode
set -euo pipefail
BENCH_NAME=embedded-start
# shellcheck source=bench/env.sh
source "$(dirname "$0")/env.sh"
bench_root embedded-start-
RUNS="${BENCH_RUNS:-5}"
DIR="$ROOT/bench/embedded-start"

log "building the test slice and its classpath (the reactor's jars, not ~/.m2's)"
# shellcheck disable=SC2086
(cd "$ROOT" && ./mvnw -B -q ${MVN_FLAGS:-} -pl spring-test-slice -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$BENCH_ROOT/tributary.cp")
log "resolving spring-kafka-test and Kafka's server jars (the versions Spring Boot manages, outside the reactor)"
# shellcheck disable=SC2086
(cd "$ROOT" && ./mvnw -B -q ${MVN_FLAGS:-} -f bench/embedded-start/pom.xml dependency:build-classpath \
  -Dmdep.outputFile="$BENCH_ROOT/kafka.cp")
SLICE_JAR="$(ls "$ROOT"/spring-test-slice/target/tributary-spring-boot-test-*.jar | grep -v sources | head -1)"
TRIBUTARY_CP="$(cat "$BENCH_ROOT/tributary.cp"):$SLICE_JAR:$BENCH_ROOT/tributary-classes"
KAFKA_CP="$(cat "$BENCH_ROOT/kafka.cp"):$BENCH_ROOT/kafka-classes"
javac -d "$BENCH_ROOT/tributary-classes" -cp "$TRIBUTARY_CP" "$DIR/TributaryStart.java" "$DIR/StartBench.java"
javac -d "$BENCH_ROOT/kafka-classes" -cp "$KAFKA_CP" "$DIR/KafkaStart.java" "$DIR/StartBench.java"

run() {  # run SIDE MODE: one fresh JVM, its "result NAME MS" lines as "SIDE NAME MS" in raw.txt
  local side="$1" mode="$2" cp main
  if [ "$side" = tributary ]; then cp="$TRIBUTARY_CP" main=TributaryStart; else cp="$KAFKA_CP" main=KafkaStart; fi
  java -Xmx1G -Dlogback.configurationFile="$DIR/logback-bench.xml" -Dlogging.level.root=warn -cp "$cp" "$main" "$mode" \
    > "$BENCH_ROOT/$side-$mode.out" 2> "$BENCH_ROOT/$side-$mode.err" \
    || { log "$side $mode failed: $(tail -5 "$BENCH_ROOT/$side-$mode.err")"; return 1; }
  awk -v side="$side" '$1 == "result" { print side, $2, $3 }' "$BENCH_ROOT/$side-$mode.out" >> "$BENCH_ROOT/raw.txt"
}

: > "$BENCH_ROOT/raw.txt"
for ((i = 1; i <= RUNS; i++)); do
  log "round $i of $RUNS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for mode in cluster context; do
    run tributary "$mode"
    run kafka "$mode"
  done
done
{
  echo "# side measurement median min max (ms), $RUNS fresh JVMs each; $(nproc) CPUs, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  sort -k1,1 -k2,2 -k3,3n "$BENCH_ROOT/raw.txt" | awk '
    { key = $1 " " $2; v[key, ++n[key]] = $3; if (!(key in seen)) { seen[key] = 1; order[++k] = key } }
    END { for (i = 1; i <= k; i++) { key = order[i]; c = n[key]
      printf "%s %d %d %d\n", key, v[key, int((c + 1) / 2)], v[key, 1], v[key, c] } }'
} > "$BENCH_ROOT/results.txt"
cat "$BENCH_ROOT/results.txt"
