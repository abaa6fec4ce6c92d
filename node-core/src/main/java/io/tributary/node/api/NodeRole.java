package io.tributary.node.api;

/** The kinds of node in a Tributary cluster; each serves some APIs itself and sends clients elsewhere for the rest. */
public enum NodeRole {
    /** Leads partitions: Produce, Fetch, ListOffsets. */
    BROKER,
    /** Runs consumer groups and their committed offsets. */
    COORDINATOR
}
