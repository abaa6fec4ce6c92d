package io.tributary.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class StandaloneOptionsTest {

    @Test
    void defaultsToTheDocumentedPlaces() {
        StandaloneOptions options = StandaloneOptions.parse(new String[0]);
        assertThat(options.dataDir()).isEqualTo(Path.of("tributary-data").toAbsolutePath());
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.zookeeperPort()).isEqualTo(2181);
        assertThat(options.brokerArgs()).isEmpty();
    }

    @Test
    void takesItsOwnOptionsAndPassesTheRestToTheBroker() {
        StandaloneOptions options = StandaloneOptions.parse(new String[] {
                "--data-dir=/srv/tributary", "--port=19092", "--zookeeper-port=0", "--num.partitions=3"});
        assertThat(options.dataDir()).isEqualTo(Path.of("/srv/tributary"));
        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.zookeeperPort()).isZero();
        assertThat(options.brokerArgs()).containsExactly("--num.partitions=3");
    }

    @Test
    void refusesBadValues() {
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--port=abc"})).hasMessageContaining("--port=abc");
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--port=70000"})).hasMessageContaining("65535");
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--data-dir="})).hasMessageContaining("value is required");
    }
}
