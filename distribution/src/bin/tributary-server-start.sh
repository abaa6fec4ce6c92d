#!/usr/bin/env bash
# Starts a broker: tributary-server-start.sh [-daemon] config/server.properties [--override name=value]...
# In the foreground (the shell becomes the JVM), or with -daemon in the background, its output appended to
# $LOG_DIR/server.out (default logs/server.out). Environment variables: see tributary-run-class.sh.
if [ $# -lt 1 ] || { [ "$1" = "-daemon" ] && [ $# -lt 2 ]; }; then
  echo "USAGE: $0 [-daemon] config/server.properties [--override name=value]*"
  exit 1
fi
base_dir=$(dirname "$0")
export TRIBUTARY_HEAP_OPTS=${TRIBUTARY_HEAP_OPTS:-"-Xmx1G -Xms1G"}
daemon=()
if [ "$1" = "-daemon" ]; then
  daemon=(-daemon)
  shift
fi
exec "$base_dir/tributary-run-class.sh" "${daemon[@]}" -name server tributary-broker.jar io.tributary.broker.BrokerApplication "$@"
