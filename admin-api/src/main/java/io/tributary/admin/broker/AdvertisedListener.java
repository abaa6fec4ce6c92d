package io.tributary.admin.broker;

/**
 * One listener a node advertises to clients, named as in Kafka's {@code advertised.listeners}
 * ({@code INTERNAL://host:port}).
 */
public record AdvertisedListener(String name, String host, int port) {
}
