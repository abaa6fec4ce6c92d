package io.tributary.admin.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The configured users and API keys, checked once at start-up so that a mistake in the configuration stops the
 * service with the setting's name rather than locking everybody out at the first request.
 */
final class ConfiguredCallers {

    private static final String USERS = "tributary.admin.security.users";
    private static final String KEYS = "tributary.admin.security.api-keys";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ENCODER_ID = Pattern.compile("\\{[^}]+}.*", Pattern.DOTALL);

    private final SecuritySettings settings;
    private final PasswordEncoder encoder;

    ConfiguredCallers(SecuritySettings settings, PasswordEncoder encoder) {
        this.settings = settings;
        this.encoder = encoder;
    }

    List<UserDetails> users() {
        List<UserDetails> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < settings.users().size(); i++) {
            SecuritySettings.User user = settings.users().get(i);
            String setting = USERS + "[" + i + "]";
            require(user.name(), setting + ".name");
            if (!names.add(user.name())) {
                throw new IllegalStateException(setting + ".name repeats the user '" + user.name() + "'");
            }
            require(user.role(), setting + ".role");
            requireEncoded(user.password(), setting + ".password");
            users.add(User.withUsername(user.name()).password(user.password())
                    .authorities(user.role().authorities()).build());
        }
        return users;
    }

    /** The API keys by the hex SHA-256 of the key, which is all a request's key is compared through. */
    Map<String, SecuritySettings.ApiKey> apiKeys() {
        Map<String, SecuritySettings.ApiKey> keys = new HashMap<>();
        for (int i = 0; i < settings.apiKeys().size(); i++) {
            SecuritySettings.ApiKey key = settings.apiKeys().get(i);
            String setting = KEYS + "[" + i + "]";
            require(key.name(), setting + ".name");
            require(key.role(), setting + ".role");
            boolean plain = key.key() != null && !key.key().isEmpty();
            boolean hashed = key.hash() != null && !key.hash().isEmpty();
            if (plain == hashed) {
                throw new IllegalStateException(setting + " needs exactly one of .key and .hash");
            }
            if (hashed && !SHA256_HEX.matcher(key.hash()).matches()) {
                throw new IllegalStateException(setting + ".hash must be the 64 lowercase hex digits of the key's "
                        + "SHA-256");
            }
            String hash = hashed ? key.hash() : sha256(key.key());
            if (keys.putIfAbsent(hash, key) != null) {
                throw new IllegalStateException(setting + " repeats the key of another API key");
            }
        }
        return Map.copyOf(keys);
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private void requireEncoded(String password, String setting) {
        require(password, setting);
        if (!ENCODER_ID.matcher(password).matches()) {
            throw new IllegalStateException(setting + " must name its encoding: {bcrypt}$2a$... or {noop}plain-text");
        }
        try {
            encoder.matches("start-up check", password);
        } catch (IllegalArgumentException unknownEncoding) {
            throw new IllegalStateException(setting + ": " + unknownEncoding.getMessage());
        }
    }

    private static void require(Object value, String setting) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new IllegalStateException(setting + " is not set");
        }
    }
}
