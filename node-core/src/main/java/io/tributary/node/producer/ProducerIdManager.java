package io.tributary.node.producer;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.producer.ProducerIdBlock;

/**
 * Hands out producer ids for idempotent producers from blocks reserved in ZooKeeper, so ids are unique across
 * brokers and restarts without a ZooKeeper write per producer.
 */
public final class ProducerIdManager {

    private final ClusterMetadata metadata;
    private final int brokerId;
    private long next;
    private long end;

    public ProducerIdManager(ClusterMetadata metadata, int brokerId) {
        this.metadata = metadata;
        this.brokerId = brokerId;
    }

    public synchronized long nextProducerId() {
        if (next >= end) {
            ProducerIdBlock block = metadata.allocateProducerIdBlock(brokerId);
            next = block.firstProducerId();
            end = block.firstProducerId() + block.size();
        }
        return next++;
    }
}
