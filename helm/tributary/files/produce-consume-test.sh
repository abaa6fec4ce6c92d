#!/bin/sh
# helm test: a topic of its own, one record produced with acks=all, read back by a consumer group (so through a
# coordinator), then the topic is deleted. Kafka's own command-line tools are the client.
set -eu
bin="${KAFKA_BIN:-/opt/kafka/bin}"
run="$(date +%s)-$$"
topic="helm-test-${run}"
message="tributary helm test ${run}"

"$bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --topic "$topic" --partitions 1 \
  --replication-factor "$REPLICATION_FACTOR"
echo "$message" | "$bin/kafka-console-producer.sh" --bootstrap-server "$BOOTSTRAP" --topic "$topic" \
  --producer-property acks=all
consumed=$("$bin/kafka-console-consumer.sh" --bootstrap-server "$BOOTSTRAP" --topic "$topic" \
  --group "$topic" --from-beginning --max-messages 1 --timeout-ms 60000)
"$bin/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --delete --topic "$topic"

if [ "$consumed" != "$message" ]; then
  echo "helm test: produced '$message' to $topic but consumed '$consumed'" >&2
  exit 1
fi
echo "helm test: produced and consumed '$message' through $BOOTSTRAP"
