#!/usr/bin/env bash
# Starts the REST admin API: tributary-admin-api-start.sh [-daemon] config/admin-api.properties [--override name=value]...
# Its settings are Spring's and tributary.admin.*; the file ranks below --override options and environment variables.
# In the foreground (the shell becomes the JVM), or with -daemon in the background, its output appended to
# $LOG_DIR/admin-api.out (default logs/admin-api.out). Environment variables: see tributary-run-class.sh.
if [ $# -lt 1 ] || { [ "$1" = "-daemon" ] && [ $# -lt 2 ]; }; then
  echo "USAGE: $0 [-daemon] config/admin-api.properties [--override name=value]*"
  exit 1
fi
base_dir=$(dirname "$0")
export TRIBUTARY_HEAP_OPTS=${TRIBUTARY_HEAP_OPTS:-"-Xmx512M -Xms512M"}
daemon=()
if [ "$1" = "-daemon" ]; then
  daemon=(-daemon)
  shift
fi
if [ ! -r "$1" ]; then
  echo "Cannot read the properties file $1" >&2
  exit 1
fi
config="$(cd "$(dirname "$1")" && pwd -P)/$(basename "$1")"
shift
exec "$base_dir/tributary-run-class.sh" "${daemon[@]}" -name admin-api tributary-admin-api.jar \
  io.tributary.admin.AdminApiApplication "--spring.config.additional-location=file:$config" "$@"
