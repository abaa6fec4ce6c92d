package io.tributary.e2e.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** How {@link PortPlan} moves each kind of address a compose setting holds. */
class PortPlanTest {

    private static final String COMPOSE = """
            services:
              zookeeper:
                image: zookeeper:3.9
              broker-1:
                image: tributary/broker
                ports:
                - published: 9092
                  target: 9092
              broker-2:
                image: tributary/broker
                ports:
                - 127.0.0.1:9094:9094/tcp
              grafana:
                image: grafana/grafana
                profiles: [monitoring]
                ports:
                - 127.0.0.1:3000:3000/tcp
            """;

    private final PortPlan plan = new PortPlan(ComposeFile.parse(Path.of("/repo"), COMPOSE),
            Set.of("localhost", "192.0.2.10"));

    @Test
    void aServiceNameKeepsItsNameWithThatServicesLocalPort() {
        String moved = plan.rewrite("broker-1", "INTERNAL://broker-1:19092,INTERNAL://broker-2:19092");

        assertThat(moved).isEqualTo("INTERNAL://broker-1:" + plan.local("broker-1", 19092) + ",INTERNAL://broker-2:"
                + plan.local("broker-2", 19092));
        assertThat(plan.local("broker-1", 19092)).isNotEqualTo(plan.local("broker-2", 19092));
    }

    @Test
    void aBindAddressIsTheServiceItself() {
        assertThat(plan.rewrite("broker-2", "INTERNAL://0.0.0.0:19092,EXTERNAL://:9094"))
                .isEqualTo("INTERNAL://0.0.0.0:" + plan.local("broker-2", 19092) + ",EXTERNAL://:"
                        + plan.local("broker-2", 9094));
    }

    @Test
    void aHostAddressFollowsThePublishedPortToItsContainer() {
        assertThat(plan.rewrite("broker-1", "EXTERNAL://localhost:9094"))
                .isEqualTo("EXTERNAL://localhost:" + plan.local("broker-2", 9094));
        assertThat(plan.rewrite("broker-1", "EXTERNAL://192.0.2.10:9092"))
                .isEqualTo("EXTERNAL://192.0.2.10:" + plan.local("broker-1", 9092));
        assertThat(plan.published(9092)).isEqualTo(plan.local("broker-1", 9092));
    }

    @Test
    void zooKeeperWithAChrootAndValuesWithoutAddressesAreRewrittenOrLeftAsTheyAre() {
        assertThat(plan.rewrite("broker-1", "zookeeper:2181/tributary"))
                .isEqualTo("zookeeper:" + plan.local("zookeeper", 2181) + "/tributary");
        assertThat(plan.rewrite("broker-1", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT"))
                .isEqualTo("INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT");
        assertThat(plan.rewrite("broker-1", "-Xmx512m -XX:+ExitOnOutOfMemoryError"))
                .isEqualTo("-Xmx512m -XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void aCommandInsideTheContainerHasItsOwnLoopbackPortsMoved() {
        assertThat(plan.rewriteInside("zookeeper", "exec 3<>/dev/tcp/127.0.0.1/2181 && printf srvr >&3"))
                .isEqualTo("exec 3<>/dev/tcp/127.0.0.1/" + plan.local("zookeeper", 2181) + " && printf srvr >&3");
        assertThat(plan.rewriteInside("broker-1", "curl http://127.0.0.1:$${SERVER_PORT}/actuator/health"))
                .isEqualTo("curl http://127.0.0.1:$${SERVER_PORT}/actuator/health");
    }

    @Test
    void anAddressThisTopologyCannotFollowFails() {
        assertThatThrownBy(() -> plan.rewrite("broker-1", "EXTERNAL://kafka.example.com:9092"))
                .hasMessageContaining("kafka.example.com:9092");
        assertThatThrownBy(() -> plan.rewrite("broker-1", "EXTERNAL://localhost:9999"))
                .hasMessageContaining("no service publishes host port 9999");
        // a port published only under a profile is not part of the default topology
        assertThatThrownBy(() -> plan.published(3000)).hasMessageContaining("3000");
    }
}
