package io.tributary.node.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepts a Kafka-style {@code server.properties} path as the first argument, as {@code kafka-server-start.sh}
 * does, by handing it to Spring as an extra config location; command-line options still win over the file.
 */
public final class ServerProperties {

    private ServerProperties() {
    }

    public static String[] withPropertiesFile(String[] args) {
        if (args.length == 0 || args[0].startsWith("--") || !args[0].endsWith(".properties")) {
            return args;
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("Cannot read the properties file " + file);
        }
        List<String> rewritten = new ArrayList<>();
        rewritten.add("--spring.config.additional-location=file:" + file);
        rewritten.addAll(List.of(args).subList(1, args.length));
        return rewritten.toArray(String[]::new);
    }
}
