package io.tributary.admin.cluster;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code kafkaCluster} component of the admin API's health: UP while the cluster it manages answers
 * DescribeCluster, with its id, controller and node count; DOWN with the reason when it does not. A probe must not
 * hang on a dead cluster, so it asks with a timeout of its own, far below the request timeout.
 */
@Component("kafkaCluster")
class KafkaClusterHealthIndicator implements HealthIndicator {

    private static final int TIMEOUT_MS = 5_000;

    private final Admin admin;

    KafkaClusterHealthIndicator(Admin admin) {
        this.admin = admin;
    }

    @Override
    public Health health() {
        DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS));
        try {
            Collection<Node> nodes = cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Node controller = cluster.controller().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return Health.up()
                    .withDetail("clusterId", cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS))
                    .withDetail("controller", controller == null || controller.isEmpty() ? "none" : controller.id())
                    .withDetail("nodes", nodes.size())
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Health.down().withDetail("error", cause.getClass().getSimpleName() + ": " + cause.getMessage())
                    .build();
        }
    }
}
