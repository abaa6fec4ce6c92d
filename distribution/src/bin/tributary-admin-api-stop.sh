#!/usr/bin/env bash
# Stops every admin API of this installation and waits until they exited (TRIBUTARY_STOP_TIMEOUT, default 60 s):
# tributary-admin-api-stop.sh [config/admin-api.properties] (only those started with that file)
exec "$(dirname "$0")/tributary-stop-class.sh" admin-api tributary-admin-api.jar io.tributary.admin.AdminApiApplication "$@"
