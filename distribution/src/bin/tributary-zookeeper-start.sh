#!/usr/bin/env bash
# Starts a ZooKeeper server: tributary-zookeeper-start.sh [-daemon] config/zookeeper.properties
# Standalone, or one member of an ensemble when the file has server.N= lines (and dataDir holds that server's myid).
# In the foreground (the shell becomes the JVM), or with -daemon in the background, its output appended to
# $LOG_DIR/zookeeper.out (default logs/zookeeper.out). Environment variables: see tributary-run-class.sh.
if [ $# -lt 1 ] || { [ "$1" = "-daemon" ] && [ $# -lt 2 ]; }; then
  echo "USAGE: $0 [-daemon] config/zookeeper.properties"
  exit 1
fi
base_dir=$(dirname "$0")
export TRIBUTARY_HEAP_OPTS=${TRIBUTARY_HEAP_OPTS:-"-Xmx512M -Xms512M"}
export TRIBUTARY_LOG_OPTS=${TRIBUTARY_LOG_OPTS:-"-Dlogback.configurationFile=$(cd "$base_dir/.." && pwd -P)/config/zookeeper-logback.xml"}
daemon=()
if [ "$1" = "-daemon" ]; then
  daemon=(-daemon)
  shift
fi
exec "$base_dir/tributary-run-class.sh" "${daemon[@]}" -name zookeeper tributary-zookeeper.jar \
  org.apache.zookeeper.server.quorum.QuorumPeerMain "$@"
