package io.tributary.admin.resource;

/**
 * A link to a related resource or collection, as {@code {"related": "<url>"}}.
 */
public record Related(String related) {
}
