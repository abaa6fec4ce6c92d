package io.tributary.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterIdTest extends ZooKeeperTestSupport {

    @Test
    void theFirstWriterWinsAndEveryoneReadsTheSameId() {
        ClusterMetadata first = metadata(client());
        ClusterMetadata second = metadata(client());

        String id = first.clusterId();

        assertThat(id).matches("[A-Za-z0-9_-]{22}").doesNotStartWith("-");
        assertThat(second.clusterId()).isEqualTo(id);
        assertThat(first.clusterId()).isEqualTo(id);
    }
}
