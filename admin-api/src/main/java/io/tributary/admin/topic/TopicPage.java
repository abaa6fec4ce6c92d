package io.tributary.admin.topic;

import java.util.List;

/** One page of topic names, in name order, and the name the next page starts after ({@code null} on the last). */
record TopicPage(List<String> names, String nextAfter) {

    /**
     * The names after {@code after} (all when {@code null}) that start with {@code prefix}, at most {@code size} of
     * them.
     *
     * @param sortedNames every topic name, in {@link String#compareTo} order
     */
    static TopicPage of(List<String> sortedNames, String prefix, String after, int size) {
        List<String> matching = sortedNames.stream()
                .filter(name -> prefix == null || name.startsWith(prefix))
                .filter(name -> after == null || name.compareTo(after) > 0)
                .limit(size + 1L)
                .toList();
        if (matching.size() <= size) {
            return new TopicPage(matching, null);
        }
        List<String> page = matching.subList(0, size);
        return new TopicPage(List.copyOf(page), page.get(size - 1));
    }
}
