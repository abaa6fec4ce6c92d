package io.tributary.coordinator.group;

import java.util.Locale;

/** The states of a classic group, named as Kafka prints them (DescribeGroups, ListGroups). See {@link ClassicGroup}. */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String displayName;

    GroupState(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** Kafka compares state filters case-insensitively. */
    public boolean matches(String filter) {
        return displayName.toLowerCase(Locale.ROOT).equals(filter.toLowerCase(Locale.ROOT));
    }

    boolean canMoveFrom(GroupState previous) {
        return switch (this) {
            case EMPTY -> previous == PREPARING_REBALANCE;
            case PREPARING_REBALANCE -> previous == STABLE || previous == COMPLETING_REBALANCE || previous == EMPTY;
            case COMPLETING_REBALANCE -> previous == PREPARING_REBALANCE;
            case STABLE -> previous == COMPLETING_REBALANCE;
            case DEAD -> true;
        };
    }
}
