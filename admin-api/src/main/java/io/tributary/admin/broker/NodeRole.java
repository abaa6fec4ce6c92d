package io.tributary.admin.broker;

/**
 * What a node of the Metadata response is: Kafka's tools see Tributary's group coordinators as nodes too (a group's
 * coordinator is one of them), so {@code /brokers} lists them, told apart by this role.
 */
public enum NodeRole {
    BROKER,
    COORDINATOR
}
