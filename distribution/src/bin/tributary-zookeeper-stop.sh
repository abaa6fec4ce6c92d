#!/usr/bin/env bash
# Stops every ZooKeeper server of this installation and waits until they exited (TRIBUTARY_STOP_TIMEOUT, default 60 s):
# tributary-zookeeper-stop.sh [config/zookeeper.properties] (only those started with that file)
exec "$(dirname "$0")/tributary-stop-class.sh" zookeeper tributary-zookeeper.jar org.apache.zookeeper.server.quorum.QuorumPeerMain "$@"
