#!/bin/sh
# Starts the service extracted under /opt/tributary. JVM options come from JAVA_OPTS (split on spaces) and
# JAVA_TOOL_OPTIONS (read by the JVM itself); the arguments go to the service: --name=value options, or a Kafka-style
# server.properties path first. exec: the JVM is PID 1 and gets docker's SIGTERM, so a broker shuts down cleanly.
set -e
# shellcheck disable=SC2086
exec java ${JAVA_OPTS} -cp /opt/tributary org.springframework.boot.loader.launch.JarLauncher "$@"
