package io.tributary.metadata.topic;

import java.util.List;

/** The value of {@code /topics/{name}/partitions/{p}/state}; changed only by compare-and-set on the znode version. */
public record PartitionState(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch) {

    public PartitionState {
        isr = List.copyOf(isr);
    }
}
