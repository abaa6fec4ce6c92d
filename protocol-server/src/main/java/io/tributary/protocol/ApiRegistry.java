package io.tributary.protocol;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The dispatch table: which handler serves which API key, and at which versions.
 * <p>
 * ApiVersions is built in: it advertises exactly the registered keys and ranges plus ApiVersions
 * {@code 0..latestVersion(false)}. A request for a key that is not registered, or at a version outside the
 * registered range, is answered with its own error response carrying {@code UNSUPPORTED_VERSION}.
 * <p>
 * Register everything before handing the registry to a {@link KafkaProtocolServer}: the server takes a copy.
 * Not thread-safe.
 */
public final class ApiRegistry {

    /** One registered key: the inclusive version range it is served at, and by whom. */
    public record Registration(short minVersion, short maxVersion, ApiHandler handler) {

        public boolean supports(short version) {
            return version >= minVersion && version <= maxVersion;
        }
    }

    private final Map<ApiKeys, Registration> registrations = new EnumMap<>(ApiKeys.class);

    /** Registers {@code handler} for every stable version of {@code key} this kafka-clients jar knows. */
    public ApiRegistry register(ApiKeys key, ApiHandler handler) {
        Objects.requireNonNull(key, "key");
        return register(key, key.oldestVersion(), key.latestVersion(false), handler);
    }

    /**
     * Registers {@code handler} for versions {@code minVersion..maxVersion} of {@code key}, e.g. to cap Produce
     * at 12 until topic ids are stable.
     *
     * @throws IllegalArgumentException if the key is ApiVersions (built in), already registered, has no valid
     *                                  version, or the range is empty or outside what the jar can parse
     */
    public ApiRegistry register(ApiKeys key, short minVersion, short maxVersion, ApiHandler handler) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(handler, "handler");
        if (key == ApiKeys.API_VERSIONS) {
            throw new IllegalArgumentException("ApiVersions is built in and cannot be registered");
        }
        if (!key.hasValidVersion()) {
            throw new IllegalArgumentException(key + " has no valid version in this kafka-clients jar");
        }
        if (minVersion > maxVersion || !key.isVersionSupported(minVersion) || !key.isVersionSupported(maxVersion)) {
            throw new IllegalArgumentException(key + " versions " + minVersion + ".." + maxVersion
                    + " are not within " + key.oldestVersion() + ".." + key.latestVersion(true));
        }
        if (registrations.putIfAbsent(key, new Registration(minVersion, maxVersion, handler)) != null) {
            throw new IllegalArgumentException(key + " is already registered");
        }
        return this;
    }

    public Optional<Registration> registration(ApiKeys key) {
        return Optional.ofNullable(registrations.get(key));
    }

    /** A copy of the table, safe to share between threads. */
    public Map<ApiKeys, Registration> registrations() {
        return Collections.unmodifiableMap(new EnumMap<>(registrations));
    }
}
