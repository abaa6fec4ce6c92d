#!/usr/bin/env bash
# Stops the processes of one service of this installation, as the stop scripts do:
#
#   tributary-stop-class.sh NAME SERVICE_JAR MAIN_CLASS [file.properties]
#
# A process is the service's when its command line runs MAIN_CLASS from this installation's libs/SERVICE_JAR, so
# several installations on one host never stop each other's processes. Without a properties file every such
# process stops (as kafka-server-stop.sh stops every broker of the host); with one, only those started with it.
# Each gets SIGTERM, and the script returns once all have exited: 0 then, 1 if nothing was running or if one is
# still running after TRIBUTARY_STOP_TIMEOUT seconds (default 60).

base_dir=$(cd "$(dirname "$0")/.." && pwd -P)

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "USAGE: $0 NAME SERVICE_JAR MAIN_CLASS [file.properties]" >&2
  exit 1
fi
name=$1
service_jar="$base_dir/libs/$2"
main_class=$3
config=""
if [ $# -eq 4 ]; then
  if [ ! -d "$(dirname "$4")" ]; then
    echo "No directory $(dirname "$4") for $4" >&2
    exit 1
  fi
  config="$(cd "$(dirname "$4")" && pwd -P)/$(basename "$4")"
fi
timeout=${TRIBUTARY_STOP_TIMEOUT:-60}
if ! [[ "$timeout" =~ ^[0-9]+$ ]]; then
  echo "TRIBUTARY_STOP_TIMEOUT must be a number of seconds, got '$timeout'" >&2
  exit 1
fi

service_pids() {
  ps axww -o pid= -o args= | while read -r pid args; do
    case "$args" in
      *" -cp $service_jar"*" $main_class"*)
        if [ -z "$config" ] || [[ "$args" == *"$config" ]] || [[ "$args" == *"$config "* ]]; then
          echo "$pid"
        fi
        ;;
    esac
  done
}

# a zombie has exited: nothing may be left to reap it (no init in some containers)
running() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null)
  [ -n "$state" ] && [[ "$state" != Z* ]]
}

pids=$(service_pids)
if [ -z "$pids" ]; then
  echo "No $name to stop${config:+ (started with $config)}"
  exit 1
fi
# shellcheck disable=SC2086
kill -s TERM $pids 2>/dev/null

deadline=$((SECONDS + timeout))
while true; do
  remaining=""
  for pid in $pids; do
    if running "$pid"; then
      remaining="$remaining $pid"
    fi
  done
  if [ -z "$remaining" ]; then
    exit 0
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "$name still running after ${timeout} s (pid$remaining)" >&2
    exit 1
  fi
  sleep 0.5
done
