package io.tributary.spring.autoconfigure;

import java.util.List;

/** The connection details from {@code tributary.bootstrap-servers}, when no other bean supplies them. */
final class PropertiesTributaryConnectionDetails implements TributaryConnectionDetails {

    private final TributaryProperties properties;

    PropertiesTributaryConnectionDetails(TributaryProperties properties) {
        this.properties = properties;
    }

    @Override
    public List<String> getBootstrapServers() {
        return properties.getBootstrapServers();
    }
}
