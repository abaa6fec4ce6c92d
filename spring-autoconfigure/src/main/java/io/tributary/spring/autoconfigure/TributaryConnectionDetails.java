package io.tributary.spring.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the Tributary cluster is. A bean of this type (from a test slice or a platform) replaces the
 * {@code tributary.bootstrap-servers} property.
 */
public interface TributaryConnectionDetails extends ConnectionDetails {

    /** host:port pairs to bootstrap from. */
    List<String> getBootstrapServers();
}
