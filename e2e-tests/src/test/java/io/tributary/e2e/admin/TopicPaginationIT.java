package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;
import io.tributary.e2e.support.Waiting;

/**
 * Cursor pagination of the topic list over 1,000 topics: every topic exactly once and in name order, pages linked by
 * {@code metadata.next}, and a cursor that survives topics created and deleted between two pages.
 */
class TopicPaginationIT {

    private static final int TOPICS = 1_000;

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static AdminApiClient api;
    static String topics;
    static Admin admin;

    @BeforeAll
    static void start() {
        int httpPort = Ports.free();
        tributary = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort);
        api = AdminApiClient.onPort(httpPort);
        AdminApiWaits.whenServing(api, "/v3/clusters");
        topics = "/v3/clusters/" + api.clusterId() + "/topics";
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, tributary.bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 120_000));
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        tributary.close();
    }

    private static String name(String prefix, int i) {
        return String.format("%s-%04d", prefix, i);
    }

    /**
     * In batches of 100, each well within the request timeout: a CreateTopics the client gives up on and sends again
     * would fail on the topics its first attempt created.
     */
    private static void create(List<String> names) throws Exception {
        for (int from = 0; from < names.size(); from += 100) {
            List<NewTopic> batch = names.subList(from, Math.min(names.size(), from + 100)).stream()
                    .map(n -> new NewTopic(n, 1, (short) 1)).toList();
            admin.createTopics(batch).all().get(120, TimeUnit.SECONDS);
        }
    }

    /** Follows {@code metadata.next} from {@code path} to the last page, collecting the names in page order. */
    private static List<List<String>> pages(String path) {
        List<List<String>> pages = new ArrayList<>();
        String next = api.baseUrl() + path;
        while (next != null) {
            AdminResponse page = api.get(next.substring(api.baseUrl().length()));
            pages.add(TopicsIT.names(page));
            next = next(page);
        }
        return pages;
    }

    /** The URL of the next page, {@code null} on the last. */
    private static String next(AdminResponse page) {
        var link = page.body().get("metadata").get("next");
        return link == null || link.isNull() ? null : link.asString();
    }

    @Test
    void pagesThroughAThousandTopicsEachExactlyOnceInOrder() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < TOPICS; i++) {
            expected.add(name("page", i));
        }
        create(expected);
        Waiting.atMost(Duration.ofSeconds(60), () -> "listed: " + api.get(topics + "?name_prefix=page-&page_size=1"))
                .until(() -> pages(topics + "?name_prefix=page-&page_size=1000").get(0).size() == TOPICS);

        List<List<String>> pages = pages(topics + "?name_prefix=page-&page_size=100");

        assertThat(pages).hasSize(10).allSatisfy(page -> assertThat(page).hasSize(100));
        List<String> all = pages.stream().flatMap(List::stream).toList();
        assertThat(all).containsExactlyElementsOf(expected);
    }

    @Test
    void theCursorIsTheLastNameSeenSoChangesBetweenPagesNeitherRepeatNorSkipTopics() throws Exception {
        List<String> initial = List.of("cursor-b", "cursor-d", "cursor-f", "cursor-h");
        create(initial);
        Waiting.atMost(Duration.ofSeconds(30), () -> "listed: " + api.get(topics + "?name_prefix=cursor-"))
                .until(() -> TopicsIT.names(api.get(topics + "?name_prefix=cursor-")).size() == initial.size());

        AdminResponse first = api.get(topics + "?name_prefix=cursor-&page_size=2");
        assertThat(TopicsIT.names(first)).containsExactly("cursor-b", "cursor-d");
        String next = next(first);
        assertThat(next).contains("page_token=").contains("name_prefix=cursor-").contains("page_size=2");

        // before the cursor: must not appear; after it: must; a deleted one already shown must not shift the page
        create(List.of("cursor-a", "cursor-e"));
        admin.deleteTopics(List.of("cursor-b")).all().get(30, TimeUnit.SECONDS);
        Waiting.atMost(Duration.ofSeconds(30), () -> "listed: " + api.get(topics + "?name_prefix=cursor-"))
                .until(() -> TopicsIT.names(api.get(topics + "?name_prefix=cursor-"))
                        .equals(List.of("cursor-a", "cursor-d", "cursor-e", "cursor-f", "cursor-h")));

        AdminResponse second = api.get(next.substring(api.baseUrl().length()));
        assertThat(TopicsIT.names(second)).containsExactly("cursor-e", "cursor-f");
        AdminResponse third = api.get(next(second).substring(api.baseUrl().length()));
        assertThat(TopicsIT.names(third)).containsExactly("cursor-h");
        assertThat(next(third)).isNull();
    }
}
