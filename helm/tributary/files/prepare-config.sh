#!/bin/sh
# Writes this pod's properties file: the file shared by every pod of the StatefulSet plus what is its own, the node
# id (from the pod's ordinal) and the addresses it advertises (its own DNS name inside the cluster; its own
# node port or load balancer outside). Runs as the init container of brokers and coordinators.
set -eu

ordinal="${POD_NAME##*-}"
case "$ordinal" in
  '' | *[!0-9]*)
    echo "prepare-config: no StatefulSet ordinal at the end of the pod name '$POD_NAME'" >&2
    exit 1
    ;;
esac
id=$((ID_BASE + ordinal))

advertised="INTERNAL://${POD_NAME}.${HEADLESS_SERVICE}.${POD_NAMESPACE}.svc.${CLUSTER_DOMAIN}:${INTERNAL_PORT}"
case "${EXTERNAL_TYPE:-}" in
  '') ;;
  NodePort)
    advertised="${advertised},EXTERNAL://${EXTERNAL_HOST:-$HOST_IP}:$((EXTERNAL_NODE_PORT_BASE + ordinal))"
    ;;
  LoadBalancer)
    host=$(printf '%s\n' $EXTERNAL_HOSTS | sed -n "$((ordinal + 1))p")
    if [ -z "$host" ]; then
      echo "prepare-config: no external host for pod $POD_NAME in '$EXTERNAL_HOSTS' (one per replica)" >&2
      exit 1
    fi
    advertised="${advertised},EXTERNAL://${host}:${EXTERNAL_PORT}"
    ;;
  *)
    echo "prepare-config: unknown EXTERNAL_TYPE '$EXTERNAL_TYPE' (NodePort or LoadBalancer)" >&2
    exit 1
    ;;
esac

{
  cat "$CONFIG_IN"
  echo "${ID_KEY}=${id}"
  echo "advertised.listeners=${advertised}"
} > "$CONFIG_OUT"
echo "prepare-config: ${POD_NAME} is ${ID_KEY}=${id}, advertised.listeners=${advertised}"
