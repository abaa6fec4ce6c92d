package io.tributary.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerPropertiesTest {

    @Test
    void aPropertiesFileFirstBecomesAnExtraConfigLocation(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("server.properties"), "broker.id=3\n");
        String[] args = ServerProperties.withPropertiesFile(new String[] {file.toString(), "--server.port=0"});
        assertThat(args).containsExactly("--spring.config.additional-location=file:" + file.toAbsolutePath(), "--server.port=0");
    }

    @Test
    void optionsAloneAreLeftAsTheyAre() {
        String[] args = {"--broker.id=1"};
        assertThat(ServerProperties.withPropertiesFile(args)).containsExactly("--broker.id=1");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> ServerProperties.withPropertiesFile(new String[] {dir.resolve("nope.properties").toString()}))
                .hasMessageContaining("nope.properties");
    }
}
