package io.tributary.node.config;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.env.EnumerablePropertySource;

/**
 * An empty property source placed first, so that it sees every name the service looks up, wherever the value
 * finally comes from: a file key that the command line or an environment variable overrides is still one the service
 * reads, not a typo.
 */
final class RequestedNames extends EnumerablePropertySource<Set<String>> {

    static final String NAME = "tributary requested names";

    RequestedNames() {
        super(NAME, ConcurrentHashMap.newKeySet());
    }

    @Override
    public String[] getPropertyNames() {
        return new String[0];
    }

    @Override
    public Object getProperty(String name) {
        getSource().add(name);
        return null;
    }

    boolean wasRequested(String name) {
        return getSource().contains(name);
    }
}
