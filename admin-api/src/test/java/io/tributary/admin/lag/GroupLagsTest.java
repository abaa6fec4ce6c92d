package io.tributary.admin.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import io.tributary.admin.error.ApiProblemException;

class GroupLagsTest {

    @Test
    void aGroupWithMorePartitionsThanTheCapIsRefusedNamingTheCountAndTheSetting() {
        ApiProblemException refused = catchThrowableOfType(ApiProblemException.class,
                () -> GroupLags.requireAtMost(10_000, "big", 10_001));

        assertThat(refused.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(refused.problem()).isEqualTo("too-many-partitions");
        assertThat(refused.getMessage()).contains("10001", "tributary.admin.lag.max-partitions");
        assertThat(refused.properties()).containsEntry("partitions", 10_001).containsEntry("max_partitions", 10_000)
                .containsEntry("setting", "tributary.admin.lag.max-partitions");
    }

    @Test
    void aGroupAtTheCapIsMeasured() {
        assertThatCode(() -> GroupLags.requireAtMost(10_000, "big", 10_000)).doesNotThrowAnyException();
    }
}
