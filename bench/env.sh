# Shared by the benchmark scripts (sourced, not run): where things are, logging, CPU accounting from /proc, the
# Apache Kafka anchor (../shared/anchors/kafka), and the Tributary processes a benchmark starts and stops.
#   KAFKA_ANCHOR=path                 the anchors/kafka folder (default ../shared/anchors/kafka beside the repo)
#   TRIBUTARY_PORT=19192              the first Tributary port; a script takes the ones after it as it needs
#   TRIBUTARY_HEAP="-Xmx1G -Xms1G"    heap of each Tributary JVM (a script may set another default first)
#   MVN_FLAGS=-o                      extra flags for the Maven build when the jars are missing
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ANCHOR="${KAFKA_ANCHOR:-$ROOT/../shared/anchors/kafka}"
TRIBUTARY_PORT="${TRIBUTARY_PORT:-19192}"
TRIBUTARY_HEAP="${TRIBUTARY_HEAP:--Xmx1G -Xms1G}"
JAR="$ROOT/standalone/target/tributary-standalone.jar"
BROKER_JAR="$ROOT/broker-service/target/broker-service.jar"
COORDINATOR_JAR="$ROOT/coordinator-service/target/coordinator-service.jar"
CLI_LIB="$ROOT/kafka-cli/target/lib"
TCK="$(getconf CLK_TCK)"

log() { echo "[${BENCH_NAME:-bench} $(date +%H:%M:%S)] $*" >&2; }

bench_root() {  # bench_root PREFIX: BENCH_ROOT, default /tmp/tributary-bench/<PREFIX><time>, created
  BENCH_ROOT="${BENCH_ROOT:-/tmp/tributary-bench/$1$(date +%Y%m%d-%H%M%S)}"
  mkdir -p "$BENCH_ROOT"
}

ensure_built() {  # ensure_built FILE...: builds the whole reactor (no tests) if any of them is missing
  local f
  for f in "$@"; do
    # shellcheck disable=SC2086
    [ -e "$f" ] || { log "building Tributary"; (cd "$ROOT" && ./mvnw -B -q ${MVN_FLAGS:-} -DskipTests package); return; }
  done
}

ensure_anchor() {
  [ -d "$ANCHOR/lib/broker" ] && [ -d "$ANCHOR/lib/tools" ] || { log "fetching the Apache Kafka anchor"; "$ANCHOR/fetch.sh"; }
}

cpu_seconds() {  # cpu_seconds PID...: utime+stime in seconds, summed over the processes still there
  local p files=()
  for p in "$@"; do [ -r "/proc/$p/stat" ] && files+=("/proc/$p/stat"); done
  [ ${#files[@]} -gt 0 ] || { echo 0; return; }
  awk -v t="$TCK" '{ sub(/^.*\) /, ""); s += $12 + $13 } END { printf "%.2f", s / t }' "${files[@]}"
}

machine_busy_seconds() {  # busy CPU seconds of the whole machine so far (user+nice+system+irq+softirq)
  awk -v t="$TCK" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8) / t; exit }' /proc/stat
}

serving() {  # serving BOOTSTRAP: a Kafka client can list topics through it
  "$ANCHOR/tools.sh" TopicCommand --bootstrap-server "$1" --list > /dev/null 2>&1
}

await_serving() {  # await_serving BOOTSTRAP SECONDS
  local i
  for ((i = 0; i < $2; i++)); do serving "$1" && return 0; sleep 1; done
  log "nothing serves on $1 after $2 s"; return 1
}

start_standalone() {  # start_standalone DATA_DIR LOG_FILE [HTTP_PORT]: standalone on TRIBUTARY_PORT (+1 coordinator)
  # shellcheck disable=SC2086
  java $TRIBUTARY_HEAP -XX:+UseG1GC -jar "$JAR" --data-dir="$1" --port="$TRIBUTARY_PORT" \
    --coordinator-port="$((TRIBUTARY_PORT + 1))" --zookeeper-port=0 --server.port="${3:-0}" > "$2" 2>&1 &
  TRIBUTARY_PID=$!
  await_serving "127.0.0.1:$TRIBUTARY_PORT" 60
}
