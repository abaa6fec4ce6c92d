package io.tributary.admin.broker;

/**
 * A node's health as the cluster sees it, from its registration in ZooKeeper: the registration is an ephemeral node
 * that lives exactly as long as the node's session, and it carries the controlled-shutdown flag.
 */
public enum NodeHealth {
    /** Registered (its ZooKeeper session is alive) and serving. */
    ONLINE,
    /** Registered, but in controlled shutdown: it leads nothing and is leaving the ISRs. */
    SHUTTING_DOWN,
    /** Not registered, yet a replica of some partition: a broker the cluster expects back. */
    OFFLINE
}
