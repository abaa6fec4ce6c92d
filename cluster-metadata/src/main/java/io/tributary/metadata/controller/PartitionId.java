package io.tributary.metadata.controller;

/** A partition of a topic, as the controller names it. */
public record PartitionId(String topic, int partition) {

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
