package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import io.tributary.e2e.support.DeployTools;

/**
 * A stand-in for the {@code bin/} folder of Kafka's image ({@code /opt/kafka/bin} in {@code apache/kafka}): the
 * scripts the chart's {@code helm test} calls, each running the same Kafka tool class from the kafka-cli module's
 * classpath (Kafka 4.3.1), with names resolved through a hosts file as the cluster's DNS would.
 */
final class KafkaToolScripts {

    private static final Map<String, String> TOOLS = Map.of(
            "kafka-topics.sh", "org.apache.kafka.tools.TopicCommand",
            "kafka-console-producer.sh", "org.apache.kafka.tools.ConsoleProducer",
            "kafka-console-consumer.sh", "org.apache.kafka.tools.consumer.ConsoleConsumer");

    private KafkaToolScripts() {
    }

    /** Writes the scripts into {@code dir} and answers it. */
    static Path write(Path dir, Path hostsFile) {
        String configured = System.getProperty("tributary.kafka-cli.lib");
        Path lib = configured != null && !configured.isBlank() ? Paths.get(configured)
                : DeployTools.repositoryRoot().resolve("kafka-cli/target/lib");
        assertThat(lib).as("the Kafka tools' classpath; build the reactor first").isDirectory();
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> tool : TOOLS.entrySet()) {
                Path script = dir.resolve(tool.getKey());
                Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -Xmx256m -XX:+UseSerialGC"
                        + " -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile='" + logConfig() + "'"
                        + " -Djdk.net.hosts.file='" + hostsFile + "' -cp '" + lib.toAbsolutePath() + "/*' "
                        + tool.getValue() + " \"$@\"\n");
                assertThat(script.toFile().setExecutable(true)).isTrue();
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String logConfig() {
        URL url = KafkaToolScripts.class.getClassLoader().getResource("kafka-cli-log4j2.xml");
        assertThat(url).as("kafka-cli-log4j2.xml on the test classpath").isNotNull();
        try {
            return Paths.get(url.toURI()).toUri().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
