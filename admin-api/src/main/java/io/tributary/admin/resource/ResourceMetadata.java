package io.tributary.admin.resource;

/**
 * The {@code metadata} member of every resource, as Confluent's v3 API shapes it: its own URL and its resource name
 * ({@code crn:///kafka=<cluster>/topic=<name>}).
 */
public record ResourceMetadata(String self, String resourceName) {
}
