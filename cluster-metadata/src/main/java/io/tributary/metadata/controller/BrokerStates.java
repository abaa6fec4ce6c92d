package io.tributary.metadata.controller;

import io.tributary.metadata.broker.BrokerRegistration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The brokers as the controller decides with them: which are registered, and which of those are in controlled
 * shutdown (alive, but to lead nothing and to leave the ISRs).
 */
public record BrokerStates(Set<Integer> live, Set<Integer> shuttingDown) {

    public BrokerStates {
        live = Set.copyOf(live);
        shuttingDown = Set.copyOf(shuttingDown);
    }

    public static BrokerStates of(List<BrokerRegistration> registrations) {
        return new BrokerStates(
                registrations.stream().map(BrokerRegistration::id).collect(Collectors.toSet()),
                registrations.stream().filter(BrokerRegistration::shuttingDown).map(BrokerRegistration::id)
                        .collect(Collectors.toSet()));
    }

    public boolean isLive(int broker) {
        return live.contains(broker);
    }

    /** Alive and not shutting down: may be elected leader. */
    public boolean isEligible(int broker) {
        return live.contains(broker) && !shuttingDown.contains(broker);
    }
}
