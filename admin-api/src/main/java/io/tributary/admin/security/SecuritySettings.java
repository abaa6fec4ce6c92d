package io.tributary.admin.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call the admin API, under {@code tributary.admin.security}. With neither users nor API keys, the API is
 * open, which it accepts only while bound to loopback.
 *
 * @param users callers with a password, for HTTP Basic
 * @param apiKeys callers with a key, sent as {@code Authorization: Bearer <key>}
 */
@ConfigurationProperties("tributary.admin.security")
public record SecuritySettings(List<User> users, List<ApiKey> apiKeys) {

    public SecuritySettings {
        users = users == null ? List.of() : List.copyOf(users);
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    boolean anyone() {
        return !users.isEmpty() || !apiKeys.isEmpty();
    }

    /**
     * @param name the login, also the principal the audit trail names
     * @param password encoded as Spring's DelegatingPasswordEncoder reads it: {@code {bcrypt}$2a$...} or
     *        {@code {noop}plain}
     * @param role {@code viewer} or {@code operator}
     */
    public record User(String name, String password, Role role) {
    }

    /**
     * @param key the key itself, or else
     * @param hash the lowercase hex SHA-256 of the key ({@code printf %s KEY | sha256sum}), so that the configuration
     *        need not hold it
     * @param name the principal the audit trail names
     * @param role {@code viewer} or {@code operator}
     */
    public record ApiKey(String key, String hash, String name, Role role) {
    }
}
