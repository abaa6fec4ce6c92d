package io.tributary.admin.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;

import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import io.tributary.admin.error.ApiProblemException;

class GroupStateFilterTest {

    @Test
    void statesAreRepeatedOrCommaSeparatedInAnyCase() {
        assertThat(GroupStateFilter.parse(null)).isEmpty();
        assertThat(GroupStateFilter.parse(List.of("stable, Empty", "PREPARING_REBALANCE")))
                .containsExactlyInAnyOrder(GroupState.STABLE, GroupState.EMPTY, GroupState.PREPARING_REBALANCE);
    }

    @Test
    void anUnknownStateIsRefusedWithTheValidOnes() {
        assertThatThrownBy(() -> GroupStateFilter.parse(List.of("STABLE,sleepy")))
                .isInstanceOfSatisfying(ApiProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("'sleepy'", "STABLE", "EMPTY").doesNotContain("UNKNOWN,");
                });
        assertThatThrownBy(() -> GroupStateFilter.parse(List.of("unknown")))
                .isInstanceOf(ApiProblemException.class);
    }

    @Test
    void tooManyValuesAreRefusedBeforeParsing() {
        assertThatThrownBy(() -> GroupStateFilter.parse(List.of(String.join(",", Collections.nCopies(10_000, "x")))))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.getMessage()).contains("at most 16"));
    }
}
