#!/usr/bin/env bash
# Starts a group coordinator: tributary-coordinator-start.sh [-daemon] config/coordinator.properties [--override name=value]...
# In the foreground (the shell becomes the JVM), or with -daemon in the background, its output appended to
# $LOG_DIR/coordinator.out (default logs/coordinator.out). Environment variables: see tributary-run-class.sh.
if [ $# -lt 1 ] || { [ "$1" = "-daemon" ] && [ $# -lt 2 ]; }; then
  echo "USAGE: $0 [-daemon] config/coordinator.properties [--override name=value]*"
  exit 1
fi
base_dir=$(dirname "$0")
export TRIBUTARY_HEAP_OPTS=${TRIBUTARY_HEAP_OPTS:-"-Xmx512M -Xms512M"}
daemon=()
if [ "$1" = "-daemon" ]; then
  daemon=(-daemon)
  shift
fi
exec "$base_dir/tributary-run-class.sh" "${daemon[@]}" -name coordinator tributary-coordinator.jar io.tributary.coordinator.CoordinatorApplication "$@"
