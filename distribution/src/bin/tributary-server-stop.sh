#!/usr/bin/env bash
# Stops every broker of this installation and waits until they exited (TRIBUTARY_STOP_TIMEOUT, default 60 s):
# tributary-server-stop.sh [config/server.properties] (only those started with that file)
exec "$(dirname "$0")/tributary-stop-class.sh" server tributary-broker.jar io.tributary.broker.BrokerApplication "$@"
