package io.tributary.node.config;

import java.nio.file.Path;
import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs a service with a Kafka-style {@code server.properties} path as the first argument, as
 * {@code kafka-server-start.sh} does: the file's keys become settings (command-line options, system properties and
 * environment variables still win over it), and the keys the service never reads are logged once it has started.
 */
public final class ServerProperties {

    private ServerProperties() {
    }

    /**
     * @param service the service's name in the unused-settings warning, e.g. {@code broker}
     * @param args    a properties file first (any argument ending in {@code .properties} that is not an option), then
     *                options; or options alone
     */
    public static ConfigurableApplicationContext run(Class<?> application, String service, String[] args) {
        SpringApplication spring = new SpringApplication(application);
        if (!startsWithPropertiesFile(args)) {
            return spring.run(args);
        }
        spring.addListeners(new UnusedSettingsReport(PropertiesFileSource.load(Path.of(args[0])), service));
        return spring.run(Arrays.copyOfRange(args, 1, args.length));
    }

    static boolean startsWithPropertiesFile(String[] args) {
        return args.length > 0 && !args[0].startsWith("--") && args[0].endsWith(".properties");
    }
}
