package io.tributary.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class ApiRegistryTest {

    private static final ApiHandler NOTHING = (context, request) -> CompletableFuture.completedFuture(null);

    @Test
    void defaultRangeIsTheStableRangeOfTheJar() {
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.INIT_PRODUCER_ID, NOTHING);

        assertThat(registry.registration(ApiKeys.INIT_PRODUCER_ID)).hasValueSatisfying(r -> {
            assertThat(r.minVersion()).isEqualTo(ApiKeys.INIT_PRODUCER_ID.oldestVersion());
            assertThat(r.maxVersion()).isEqualTo(ApiKeys.INIT_PRODUCER_ID.latestVersion(false));
        });
    }

    @Test
    void refusesWhatCannotBeServed() {
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.FETCH, NOTHING);

        assertThatIllegalArgumentException().isThrownBy(() -> registry.register(ApiKeys.API_VERSIONS, NOTHING));
        assertThatIllegalArgumentException().isThrownBy(() -> registry.register(ApiKeys.FETCH, NOTHING));
        assertThatIllegalArgumentException().isThrownBy(() -> registry.register(ApiKeys.LEADER_AND_ISR, NOTHING));
        assertThatIllegalArgumentException().isThrownBy(() -> registry.register(ApiKeys.PRODUCE, (short) 2, (short) 9, NOTHING));
        assertThatIllegalArgumentException().isThrownBy(() -> registry.register(ApiKeys.PRODUCE, (short) 9, (short) 8, NOTHING));
    }
}
