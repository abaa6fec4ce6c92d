package io.tributary.admin.resource;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Absolute URLs and resource names of the v3 resources, built from the current request so that they are right
 * behind whatever host and port the client used.
 */
@Component
public class Links {

    /**
     * {@code /v3/clusters/{cluster}} followed by {@code path}, whose segments are encoded ({@code path} uses
     * {@code {}} placeholders filled from {@code values}).
     */
    public String cluster(String clusterId, String path, Object... values) {
        Object[] all = new Object[values.length + 1];
        all[0] = clusterId;
        System.arraycopy(values, 0, all, 1, values.length);
        return base().path("/v3/clusters/{cluster}" + path).buildAndExpand(all).encode().toUriString();
    }

    public String root(String path) {
        return base().path(path).build().encode().toUriString();
    }

    /** The current request's URL with its query, for a collection's {@code self}. */
    public String current() {
        return ServletUriComponentsBuilder.fromCurrentRequest().build().toUriString();
    }

    /** {@code crn:///kafka=<cluster>} followed by {@code /<kind>=<name>} pairs. */
    public static String resourceName(String clusterId, String... kindsAndNames) {
        StringBuilder name = new StringBuilder("crn:///kafka=").append(clusterId);
        for (int i = 0; i + 1 < kindsAndNames.length; i += 2) {
            name.append('/').append(kindsAndNames[i]).append('=').append(kindsAndNames[i + 1]);
        }
        return name.toString();
    }

    private static UriComponentsBuilder base() {
        return ServletUriComponentsBuilder.fromCurrentContextPath();
    }
}
