package io.tributary.admin.topic;

import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.kafka.AdminCalls;
import io.tributary.admin.resource.CollectionMetadata;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.ResourceCollection;

/**
 * The topic list: names in order, filtered by a prefix and by whether internal topics are wanted, one page at a time
 * after a {@link PageToken}; only the page's topics are described.
 */
@Component
class TopicListing {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1_000;

    private final Admin admin;
    private final AdminCalls calls;
    private final TopicDescriber describer;
    private final Links links;

    TopicListing(Admin admin, AdminCalls calls, TopicDescriber describer, Links links) {
        this.admin = admin;
        this.calls = calls;
        this.describer = describer;
        this.links = links;
    }

    ResourceCollection<TopicResource> list(String clusterId, String prefix, boolean includeInternal, Integer pageSize,
            String pageToken) {
        int size = pageSize(pageSize);
        String after = pageToken == null ? null : PageToken.lastTopic(pageToken);
        List<String> names = calls.get(admin.listTopics(new ListTopicsOptions().listInternal(includeInternal)).names())
                .stream().sorted().toList();
        TopicPage page = TopicPage.of(names, prefix == null || prefix.isEmpty() ? null : prefix, after, size);
        String next = page.nextAfter() == null ? null : ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("page_token", PageToken.after(page.nextAfter())).build().toUriString();
        return new ResourceCollection<>("KafkaTopicList", new CollectionMetadata(links.current(), next),
                describer.describe(clusterId, page.names()));
    }

    private static int pageSize(Integer asked) {
        if (asked == null) {
            return DEFAULT_PAGE_SIZE;
        }
        if (asked < 1 || asked > MAX_PAGE_SIZE) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "invalid-page-size",
                    "page_size must be between 1 and " + MAX_PAGE_SIZE + ", not " + asked);
        }
        return asked;
    }
}
