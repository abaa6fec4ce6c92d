package io.tributary.e2e.deploy.compose;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of the resolved compose file: what its container is given.
 *
 * @param buildArgs   the Dockerfile's build arguments ({@code SERVICE=broker-service}); empty for a pulled image
 * @param environment the container's environment, variables already substituted
 * @param dependsOn   each service it waits for, with the condition ({@code service_healthy})
 * @param healthcheck null when the service declares none
 * @param profiles    empty for a service {@code docker compose up} starts by default
 */
record ComposeService(
        String name,
        String image,
        Map<String, String> buildArgs,
        Map<String, String> environment,
        List<PublishedPort> ports,
        List<Mount> volumes,
        Map<String, String> dependsOn,
        HealthCheck healthcheck,
        List<String> profiles) {

    /** A container port published on the host: {@code [hostIp:]published:target}. */
    record PublishedPort(String hostIp, int published, int target) {
    }

    /** A named volume or a bind mount ({@code source} is then an absolute path) at {@code target}. */
    record Mount(String source, String target, String mode) {
    }

    /**
     * @param test {@code [CMD, arg, ...]} or {@code [CMD-SHELL, command]}, as docker runs it inside the container
     */
    record HealthCheck(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {

        /** How long docker gives a starting container to become healthy before it calls it unhealthy. */
        Duration startBudget() {
            return startPeriod.plus(interval.multipliedBy(retries));
        }
    }

    /** The environment variable, or a failure naming the service. */
    String env(String name) {
        String value = environment.get(name);
        if (value == null) {
            throw new AssertionError(this.name + " has no " + name + " in its environment: " + environment.keySet());
        }
        return value;
    }

    Optional<Mount> mountAt(String target) {
        return volumes.stream().filter(mount -> mount.target().equals(target)).findFirst();
    }
}
