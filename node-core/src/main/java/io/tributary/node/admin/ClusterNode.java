package io.tributary.node.admin;

/**
 * A node clients may connect to, as Metadata and DescribeCluster list it: a broker, or a coordinator (which has no
 * rack and leads no partition).
 */
public record ClusterNode(int id, String host, int port, String rack) {
}
