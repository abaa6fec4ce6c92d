#!/usr/bin/env bash
# Stops every group coordinator of this installation and waits until they exited (TRIBUTARY_STOP_TIMEOUT, default 60 s):
# tributary-coordinator-stop.sh [config/coordinator.properties] (only those started with that file)
exec "$(dirname "$0")/tributary-stop-class.sh" coordinator tributary-coordinator.jar io.tributary.coordinator.CoordinatorApplication "$@"
