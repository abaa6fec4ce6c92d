package io.tributary.node.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.env.EnumerablePropertySource;

/**
 * A Kafka-style {@code server.properties} as a property source that remembers which of its keys were read, so that
 * the keys a service never reads can be reported. Read as Kafka reads it ({@link Properties}, values trimmed).
 */
final class PropertiesFileSource extends EnumerablePropertySource<Map<String, String>> {

    private final Path file;
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    private PropertiesFileSource(Path file, Map<String, String> values) {
        super("properties file " + file, values);
        this.file = file;
    }

    static PropertiesFileSource load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isReadable(absolute)) {
            throw new IllegalArgumentException("Cannot read the properties file " + absolute);
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(absolute)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the properties file " + absolute, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Malformed properties file " + absolute + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted()
                .forEach(key -> values.put(key, properties.getProperty(key).strip()));
        return new PropertiesFileSource(absolute, Collections.unmodifiableMap(values));
    }

    Path file() {
        return file;
    }

    @Override
    public String[] getPropertyNames() {
        return getSource().keySet().toArray(String[]::new);
    }

    @Override
    public Object getProperty(String name) {
        String value = getSource().get(name);
        if (value != null) {
            read.add(name);
        }
        return value;
    }

    /** The keys of the file that were read so far. */
    Set<String> keysRead() {
        return Set.copyOf(read);
    }
}
