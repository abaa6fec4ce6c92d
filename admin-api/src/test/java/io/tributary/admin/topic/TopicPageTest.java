package io.tributary.admin.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import io.tributary.admin.error.ApiProblemException;

/** Pages of topic names after a cursor, and the opaque token that carries the cursor. */
class TopicPageTest {

    private static final List<String> NAMES = List.of("a", "b", "c", "d", "e");

    @Test
    void pagesFollowEachOtherWithoutGapOrRepeatAndTheLastHasNoNext() {
        TopicPage first = TopicPage.of(NAMES, null, null, 2);
        TopicPage second = TopicPage.of(NAMES, null, first.nextAfter(), 2);
        TopicPage third = TopicPage.of(NAMES, null, second.nextAfter(), 2);

        assertThat(first).isEqualTo(new TopicPage(List.of("a", "b"), "b"));
        assertThat(second).isEqualTo(new TopicPage(List.of("c", "d"), "d"));
        assertThat(third).isEqualTo(new TopicPage(List.of("e"), null));
    }

    @Test
    void aPageThatEndsExactlyAtTheLastNameHasNoNext() {
        assertThat(TopicPage.of(NAMES, null, "c", 2)).isEqualTo(new TopicPage(List.of("d", "e"), null));
    }

    @Test
    void theCursorIsANameNotAPositionSoItNeedNotExistAnyMore() {
        assertThat(TopicPage.of(List.of("a", "c", "e"), null, "b", 1)).isEqualTo(new TopicPage(List.of("c"), "c"));
    }

    @Test
    void thePrefixFiltersBeforePaging() {
        List<String> names = List.of("app-1", "app-2", "billing", "app-3");
        assertThat(TopicPage.of(names.stream().sorted().toList(), "app-", "app-1", 5))
                .isEqualTo(new TopicPage(List.of("app-2", "app-3"), null));
    }

    @Test
    void aTokenCarriesTheLastNameAndAnythingElseIsRefused() {
        assertThat(PageToken.lastTopic(PageToken.after("orders.v2_x-1"))).isEqualTo("orders.v2_x-1");

        for (String bad : List.of("%%%", "aGVsbG8", PageToken.after("").substring(0, 2), "")) {
            assertThatThrownBy(() -> PageToken.lastTopic(bad)).as(bad)
                    .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                        assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                        assertThat(e.problem()).isEqualTo("invalid-page-token");
                    });
        }
    }
}
