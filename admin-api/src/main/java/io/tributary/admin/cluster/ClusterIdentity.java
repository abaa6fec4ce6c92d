package io.tributary.admin.cluster;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.kafka.AdminCalls;

/**
 * The id of the one cluster this service manages, asked once of the cluster (a cluster's id never changes) and
 * checked against every {@code {cluster_id}} in a path.
 */
@Component
public class ClusterIdentity {

    private final Admin admin;
    private final AdminCalls calls;
    private final AtomicReference<String> clusterId = new AtomicReference<>();

    ClusterIdentity(Admin admin, AdminCalls calls) {
        this.admin = admin;
        this.calls = calls;
    }

    public String clusterId() {
        String known = clusterId.get();
        if (known == null) {
            known = calls.get(admin.describeCluster().clusterId());
            clusterId.set(known);
        }
        return known;
    }

    /** Refuses a path whose cluster id is not this cluster's, with 404 as for any missing resource. */
    public void requireCluster(String requested) {
        if (!clusterId().equals(requested)) {
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "cluster-not-found",
                    "Cluster '" + requested + "' is not the cluster this admin API manages");
        }
    }
}
