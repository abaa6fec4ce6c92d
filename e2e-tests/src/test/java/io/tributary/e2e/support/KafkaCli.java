package io.tributary.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * Runs one Kafka command-line tool (kafka-tools 4.3.1 on its own kafka-clients 4.3.1) in its own JVM, exactly as
 * {@code bin/kafka-topics.sh} would: {@code java -Xmx256m -cp "<kafka-cli lib>/*" <tool class> <args>}. Log4j
 * logs WARN and above to stderr ({@code kafka-cli-log4j2.xml}).
 *
 * <pre>{@code
 * CliResult created = KafkaCli.run("org.apache.kafka.tools.TopicCommand",
 *         "--bootstrap-server", tributary.bootstrap(), "--create", "--topic", "t", "--partitions", "3");
 * }</pre>
 */
public final class KafkaCli {

    public static final String TOPIC_COMMAND = "org.apache.kafka.tools.TopicCommand";
    /** ConfigCommand moved from core ({@code kafka.admin}) to kafka-tools in 4.4.0 (KAFKA-14588). */
    public static final String CONFIG_COMMAND = "org.apache.kafka.tools.ConfigCommand";
    public static final String LEGACY_CONFIG_COMMAND = "kafka.admin.ConfigCommand";
    public static final String CONSOLE_PRODUCER = "org.apache.kafka.tools.ConsoleProducer";
    public static final String CONSOLE_CONSUMER = "org.apache.kafka.tools.consumer.ConsoleConsumer";
    public static final String CONSUMER_GROUP_COMMAND = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
    public static final String LOG_DIRS_COMMAND = "org.apache.kafka.tools.LogDirsCommand";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    private static final String LOG_CONFIG = "kafka-cli-log4j2.xml";

    private KafkaCli() {
    }

    /** Runs {@code toolClass} with stdin closed; deadline 120 s. */
    public static CliResult run(String toolClass, String... args) {
        return run(toolClass, null, DEFAULT_TIMEOUT, args);
    }

    /**
     * Runs {@code toolClass}, writes {@code stdin} (if not null) to it and closes it.
     *
     * @throws AssertionError if the tool is still running after {@code timeout} (it is then killed)
     */
    public static CliResult run(String toolClass, String stdin, Duration timeout, String... args) {
        return run(toolClass, List.of(), stdin, timeout, args);
    }

    /**
     * As {@link #run(String, String, Duration, String...)}, with {@code jvmOptions} for the tool's JVM (e.g. a
     * {@code -Djdk.net.hosts.file} that resolves names as a container's network would).
     */
    public static CliResult run(String toolClass, List<String> jvmOptions, String stdin, Duration timeout,
            String... args) {
        Path lib = ProcessSupport.artifact("tributary.kafka-cli.lib", "kafka-cli/target/lib");
        List<String> command = new ArrayList<>(List.of(ProcessSupport.javaExecutable(), "-Xmx256m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + logConfig().toUri()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", lib.resolve("*").toString(), toolClass));
        command.addAll(List.of(args));
        String name = toolClass.substring(toolClass.lastIndexOf('.') + 1);
        Path stdoutFile = ProcessSupport.newLogFile("cli-" + name, ".out");
        Path stderrFile = stdoutFile.resolveSibling(stdoutFile.getFileName().toString().replace(".out", ".err"));
        Process process = ProcessSupport.start(new ProcessBuilder(command)
                .redirectOutput(stdoutFile.toFile())
                .redirectError(stderrFile.toFile()));
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the tool exited before reading all of stdin: its exit code and output say why
        }
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while running " + command, e);
        }
        if (!exited) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError(name + " still running after " + timeout + ": " + command
                    + "\n--- stdout (tail) ---\n" + ProcessSupport.tail(stdoutFile, 40) + "\n--- stderr (tail) ---\n"
                    + ProcessSupport.tail(stderrFile, 40));
        }
        return new CliResult(process.exitValue(), ProcessSupport.read(stdoutFile), ProcessSupport.read(stderrFile));
    }

    /** The first of {@code toolClasses} that the kafka-cli classpath holds, if any. */
    public static Optional<String> firstAvailable(String... toolClasses) {
        Path lib = ProcessSupport.artifact("tributary.kafka-cli.lib", "kafka-cli/target/lib");
        for (String toolClass : toolClasses) {
            String entry = toolClass.replace('.', '/') + ".class";
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "*.jar")) {
                for (Path jar : jars) {
                    try (ZipFile zip = new ZipFile(jar.toFile())) {
                        if (zip.getEntry(entry) != null) {
                            return Optional.of(toolClass);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + lib, e);
            }
        }
        return Optional.empty();
    }

    private static synchronized Path logConfig() {
        URL url = KafkaCli.class.getClassLoader().getResource(LOG_CONFIG);
        if (url == null) {
            throw new IllegalStateException(LOG_CONFIG + " is not on the test classpath");
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Paths.get(url.toURI());
            }
            Path copy = Files.createTempFile("kafka-cli-log4j2", ".xml");
            try (InputStream in = url.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            copy.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
