package io.tributary.admin.resource;

/**
 * The {@code metadata} member of a collection: its own URL and, when more follows, the URL of the next page.
 */
public record CollectionMetadata(String self, String next) {
}
