#!/usr/bin/env bash
# Runs one service of this installation on the JVM, with that service's classpath only, as Kafka's
# kafka-run-class.sh does. The start scripts call it:
#
#   tributary-run-class.sh [-daemon] [-name NAME] SERVICE_JAR MAIN_CLASS [file.properties] [ARGS...]
#
# SERVICE_JAR is a jar in libs/ whose manifest Class-Path names the service's jars, all in the one shared libs/.
# A properties file given first is passed on as an absolute path (the stop scripts find a process by it), and
# "--override name=value" becomes "--name=value", which wins over the file.
#
# Environment:
#   JAVA_HOME                       the Java 17+ to run (else java from PATH)
#   TRIBUTARY_HEAP_OPTS             heap flags (each start script sets its default)
#   TRIBUTARY_JVM_PERFORMANCE_OPTS  GC and JIT flags
#   TRIBUTARY_LOG_OPTS              which logging configuration to use (default config/logback.xml)
#   TRIBUTARY_OPTS                  any further JVM flags, e.g. -Dname=value
#   LOG_DIR                         where -daemon writes NAME.out (default: logs/ of this installation)
#   CLASSPATH                       extra jars, after the service's own

base_dir=$(cd "$(dirname "$0")/.." && pwd -P)

usage() {
  echo "USAGE: $0 [-daemon] [-name NAME] SERVICE_JAR MAIN_CLASS [file.properties] [ARGS...]" >&2
  exit 1
}

daemon=false
name=""
while [ $# -gt 0 ]; do
  case "$1" in
    -daemon) daemon=true; shift ;;
    -name) [ $# -ge 2 ] || usage; name=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || usage

service_jar="$base_dir/libs/$1"
main_class=$2
shift 2
if [ ! -f "$service_jar" ]; then
  echo "No $service_jar: this installation is incomplete" >&2
  exit 1
fi
[ -n "$name" ] || name=$(basename "$service_jar" .jar)

args=()
if [ $# -gt 0 ] && [[ "$1" != -* ]] && [[ "$1" == *.properties ]]; then
  if [ ! -r "$1" ]; then
    echo "Cannot read the properties file $1" >&2
    exit 1
  fi
  args+=("$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")")
  shift
fi
while [ $# -gt 0 ]; do
  if [ "$1" = "--override" ]; then
    [ $# -ge 2 ] || usage
    args+=("--$2")
    shift 2
  else
    args+=("$1")
    shift
  fi
done

if [ -n "$JAVA_HOME" ]; then
  java="$JAVA_HOME/bin/java"
else
  java=java
fi
LOG_DIR=${LOG_DIR:-$base_dir/logs}
TRIBUTARY_HEAP_OPTS=${TRIBUTARY_HEAP_OPTS:--Xmx256M}
TRIBUTARY_JVM_PERFORMANCE_OPTS=${TRIBUTARY_JVM_PERFORMANCE_OPTS:--server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}
TRIBUTARY_LOG_OPTS=${TRIBUTARY_LOG_OPTS:--Dlogging.config=$base_dir/config/logback.xml}
classpath=$service_jar${CLASSPATH:+:$CLASSPATH}

# options are word-split on purpose: each variable holds several flags
# shellcheck disable=SC2086
command=("$java" $TRIBUTARY_HEAP_OPTS $TRIBUTARY_JVM_PERFORMANCE_OPTS $TRIBUTARY_LOG_OPTS
  "-Dtributary.logs.dir=$LOG_DIR" $TRIBUTARY_OPTS -cp "$classpath" "$main_class" "${args[@]}")

if [ "$daemon" = true ]; then
  mkdir -p "$LOG_DIR" || exit 1
  nohup "${command[@]}" >> "$LOG_DIR/$name.out" 2>&1 < /dev/null &
else
  exec "${command[@]}"
fi
