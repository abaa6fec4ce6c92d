package io.tributary.broker.handler;

import org.apache.kafka.common.protocol.Errors;

/** The check Kafka applies to the {@code currentLeaderEpoch} a client sends with Fetch and ListOffsets (KIP-320). */
final class LeaderEpochs {

    private LeaderEpochs() {
    }

    static Errors check(int requestEpoch, int leaderEpoch) {
        if (requestEpoch < 0) {
            return Errors.NONE;
        }
        if (requestEpoch < leaderEpoch) {
            return Errors.FENCED_LEADER_EPOCH;
        }
        if (requestEpoch > leaderEpoch) {
            return Errors.UNKNOWN_LEADER_EPOCH;
        }
        return Errors.NONE;
    }
}
