package io.tributary.broker.replication;

import java.util.OptionalLong;

/**
 * The broker epoch of each live broker that may be in an ISR: when its current registration was written
 * ({@code startedAt}). A broker in controlled shutdown has none here.
 */
@FunctionalInterface
interface LiveBrokerEpochs {

    /** Empty while broker {@code brokerId} is not registered, or is shutting down. */
    OptionalLong epochOf(int brokerId);

    /**
     * Whether a follower whose fetches carried {@code fetchBrokerEpoch} may join the ISR (KIP-903): it is live and
     * not shutting down, and its fetches come from its current incarnation, or carry no epoch (-1, before Fetch
     * v15), as Kafka allows.
     */
    default boolean isIsrEligible(int brokerId, long fetchBrokerEpoch) {
        OptionalLong live = epochOf(brokerId);
        return live.isPresent() && (fetchBrokerEpoch == FollowerState.UNKNOWN || fetchBrokerEpoch == live.getAsLong());
    }
}
