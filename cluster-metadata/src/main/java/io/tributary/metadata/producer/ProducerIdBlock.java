package io.tributary.metadata.producer;

/** A range of producer ids owned by one broker; the value of {@code /producer_id_block} is the latest block handed out. */
public record ProducerIdBlock(int assignedBrokerId, long firstProducerId, int size) {

    public long lastProducerId() {
        return firstProducerId + size - 1;
    }
}
