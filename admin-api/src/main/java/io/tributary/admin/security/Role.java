package io.tributary.admin.security;

import java.util.Locale;

/**
 * What a caller may do: a {@code viewer} reads (GET, HEAD), an {@code operator} also changes things.
 */
public enum Role {
    VIEWER,
    OPERATOR;

    /** The authority Spring Security checks, {@code ROLE_VIEWER} or {@code ROLE_OPERATOR}. */
    String authority() {
        return "ROLE_" + name();
    }

    /** Operators read too, so they hold both authorities. */
    String[] authorities() {
        return this == OPERATOR ? new String[] {VIEWER.authority(), OPERATOR.authority()}
                : new String[] {VIEWER.authority()};
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
