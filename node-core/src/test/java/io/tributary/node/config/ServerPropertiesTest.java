package io.tributary.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@ExtendWith(OutputCaptureExtension.class)
class ServerPropertiesTest {

    private static final String WARNING = "were supplied but are not used by the test-service: ";

    @Test
    void theFilesKeysAreSettingsAndTheUnreadOnesAreReportedOnce(@TempDir Path dir, CapturedOutput output)
            throws Exception {
        Path file = Files.writeString(dir.resolve("server.properties"), """
                broker.id = 3
                num.io.threads=4  \s
                socket.send.buffer.bytes=102400
                log.retention.hour=5
                """);
        try (ConfigurableApplicationContext context = run(file)) {
            ReadSettings read = context.getBean(ReadSettings.class);
            assertThat(read.brokerId()).isEqualTo("3");
            assertThat(read.ioThreads()).isEqualTo(4);
        }
        assertThat(output.getOut()).containsOnlyOnce(WARNING)
                .contains("These configurations in " + file.toAbsolutePath() + " " + WARNING
                        + "log.retention.hour, socket.send.buffer.bytes\n");
    }

    @Test
    void aKeyOverriddenOnTheCommandLineIsStillOneTheServiceReads(@TempDir Path dir, CapturedOutput output)
            throws Exception {
        Path file = Files.writeString(dir.resolve("server.properties"), "broker.id=3\nnum.io.threads=2\n");
        try (ConfigurableApplicationContext context = run(file, "--broker.id=7")) {
            assertThat(context.getBean(ReadSettings.class).brokerId()).isEqualTo("7");
        }
        assertThat(output.getOut()).doesNotContain(WARNING);
    }

    @Test
    void keysBoundByConfigurationPropertiesAndSpringsOwnAreRead(@TempDir Path dir, CapturedOutput output)
            throws Exception {
        Path file = Files.writeString(dir.resolve("server.properties"), """
                broker.id=1
                num.io.threads=2
                tributary.test.limits.max-bytes=10
                tributary.test.limits.names.a=x
                logging.level.io.tributary.example=debug
                spring.main.banner-mode=off
                """);
        try (ConfigurableApplicationContext context = run(file)) {
            TestProperties bound = context.getBean(TestProperties.class);
            assertThat(bound.limits().maxBytes()).isEqualTo(10);
            assertThat(bound.limits().names()).containsEntry("a", "x");
        }
        assertThat(output.getOut()).doesNotContain(WARNING);
    }

    @Test
    void commandLineOptionsAloneNeedNoFile(CapturedOutput output) {
        try (ConfigurableApplicationContext context = ServerProperties.run(TestApplication.class, "test-service",
                new String[] {"--spring.main.web-application-type=none", "--broker.id=5"})) {
            assertThat(context.getBean(ReadSettings.class).brokerId()).isEqualTo("5");
        }
        assertThat(output.getOut()).doesNotContain(WARNING);
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> ServerProperties.run(TestApplication.class, "test-service",
                new String[] {dir.resolve("nope.properties").toString()}))
                .hasMessageContaining("nope.properties");
    }

    @Test
    void onlyAPropertiesPathFirstIsTakenForTheFile() {
        assertThat(ServerProperties.startsWithPropertiesFile(new String[] {"config/server.properties"})).isTrue();
        assertThat(ServerProperties.startsWithPropertiesFile(new String[] {"--spring.config.location=a.properties"}))
                .isFalse();
        assertThat(ServerProperties.startsWithPropertiesFile(new String[] {"--broker.id=1"})).isFalse();
        assertThat(ServerProperties.startsWithPropertiesFile(new String[0])).isFalse();
    }

    private static ConfigurableApplicationContext run(Path file, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = file.toString();
        args[1] = "--spring.main.web-application-type=none";
        System.arraycopy(options, 0, args, 2, options.length);
        return ServerProperties.run(TestApplication.class, "test-service", args);
    }

    record ReadSettings(String brokerId, int ioThreads) {
    }

    @ConfigurationProperties("tributary.test")
    record TestProperties(Limits limits) {

        record Limits(int maxBytes, Map<String, String> names) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TestProperties.class)
    static class TestApplication {

        @Bean
        ReadSettings readSettings(Environment env) {
            return new ReadSettings(env.getProperty("broker.id"), env.getProperty("num.io.threads", Integer.class, 8));
        }
    }
}
