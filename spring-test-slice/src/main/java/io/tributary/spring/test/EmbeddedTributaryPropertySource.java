package io.tributary.spring.test;

import org.springframework.core.env.EnumerablePropertySource;

/** {@code tributary.embedded.bootstrap-servers}, resolved (and waited for) only when something reads it. */
final class EmbeddedTributaryPropertySource extends EnumerablePropertySource<EmbeddedTributaryReady> {

    static final String NAME = "embeddedTributary";
    static final String BOOTSTRAP_PROPERTY = "tributary.embedded.bootstrap-servers";

    EmbeddedTributaryPropertySource(EmbeddedTributaryReady ready) {
        super(NAME, ready);
    }

    @Override
    public String[] getPropertyNames() {
        return new String[] {BOOTSTRAP_PROPERTY};
    }

    @Override
    public Object getProperty(String name) {
        return BOOTSTRAP_PROPERTY.equals(name) ? getSource().bootstrapServers() : null;
    }
}
