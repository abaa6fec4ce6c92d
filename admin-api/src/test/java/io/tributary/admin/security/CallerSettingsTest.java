package io.tributary.admin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A mistake in the users or keys stops the start with the setting's name, and only loopback addresses count as
 * loopback.
 */
class CallerSettingsTest {

    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void loopbackIsOnlyWhatResolvesToLoopback() {
        assertThat(LoopbackCheck.isLoopback("127.0.0.1")).isTrue();
        assertThat(LoopbackCheck.isLoopback("::1")).isTrue();
        assertThat(LoopbackCheck.isLoopback("localhost")).isTrue();
        assertThat(LoopbackCheck.isLoopback("0.0.0.0")).isFalse();
        assertThat(LoopbackCheck.isLoopback("::")).isFalse();
        assertThat(LoopbackCheck.isLoopback(null)).as("unset: every interface").isFalse();
        assertThat(LoopbackCheck.isLoopback("")).isFalse();
        assertThat(LoopbackCheck.isLoopback("no-such-host.invalid")).isFalse();
    }

    @Test
    void theRefusalNamesTheSettingsToSet() {
        assertThatThrownBy(() -> LoopbackCheck.requireLoopback(null))
                .hasMessageContaining("all interfaces")
                .hasMessageContaining("tributary.admin.security.users[0].name")
                .hasMessageContaining("server.address=127.0.0.1");
        assertThatThrownBy(() -> LoopbackCheck.requireLoopback("0.0.0.0")).hasMessageContaining("listens on 0.0.0.0");
    }

    @Test
    void aPasswordMustNameItsEncoding() {
        assertThatThrownBy(() -> callers(new SecuritySettings.User("ann", "plain", Role.VIEWER)).users())
                .hasMessageStartingWith("tributary.admin.security.users[0].password must name its encoding");
        assertThatThrownBy(() -> callers(new SecuritySettings.User("ann", "{rot13}nop", Role.VIEWER)).users())
                .hasMessageStartingWith("tributary.admin.security.users[0].password: ")
                .hasMessageContaining("rot13");
        assertThat(callers(new SecuritySettings.User("ann", "{noop}secret", Role.OPERATOR)).users()).hasSize(1);
    }

    @Test
    void aUserNeedsANameAndARole() {
        assertThatThrownBy(() -> callers(new SecuritySettings.User(" ", "{noop}x", Role.VIEWER)).users())
                .hasMessage("tributary.admin.security.users[0].name is not set");
        assertThatThrownBy(() -> callers(new SecuritySettings.User("ann", "{noop}x", null)).users())
                .hasMessage("tributary.admin.security.users[0].role is not set");
    }

    @Test
    void aUserNameIsGivenOnce() {
        assertThatThrownBy(() -> new ConfiguredCallers(new SecuritySettings(List.of(
                new SecuritySettings.User("ann", "{noop}a", Role.VIEWER),
                new SecuritySettings.User("ann", "{noop}b", Role.OPERATOR)), null), ENCODER).users())
                .hasMessage("tributary.admin.security.users[1].name repeats the user 'ann'");
    }

    @Test
    void anApiKeyHasEitherAKeyOrAWellFormedHash() {
        assertThatThrownBy(() -> keys(new SecuritySettings.ApiKey(null, null, "ci", Role.OPERATOR)))
                .hasMessage("tributary.admin.security.api-keys[0] needs exactly one of .key and .hash");
        assertThatThrownBy(() -> keys(new SecuritySettings.ApiKey("k", ConfiguredCallers.sha256("k"), "ci",
                Role.OPERATOR))).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> keys(new SecuritySettings.ApiKey(null, "ABC", "ci", Role.OPERATOR)))
                .hasMessageStartingWith("tributary.admin.security.api-keys[0].hash must be the 64 lowercase hex");
        assertThatThrownBy(() -> keys(new SecuritySettings.ApiKey("same", null, "a", Role.VIEWER),
                new SecuritySettings.ApiKey(null, ConfiguredCallers.sha256("same"), "b", Role.OPERATOR)))
                .hasMessage("tributary.admin.security.api-keys[1] repeats the key of another API key");
        assertThat(keys(new SecuritySettings.ApiKey("k", null, "ci", Role.OPERATOR)))
                .containsOnlyKeys(ConfiguredCallers.sha256("k"));
    }

    private static ConfiguredCallers callers(SecuritySettings.User user) {
        return new ConfiguredCallers(new SecuritySettings(List.of(user), null), ENCODER);
    }

    private static java.util.Map<String, SecuritySettings.ApiKey> keys(SecuritySettings.ApiKey... keys) {
        return new ConfiguredCallers(new SecuritySettings(null, List.of(keys)), ENCODER).apiKeys();
    }
}
