package io.tributary.e2e.cluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test against a real Tributary cluster of separate JVM processes on 127.0.0.1, every port a free one: a
 * ZooKeeper server, brokers {@code 1..brokers} and coordinators {@code 1000..1000+coordinators-1} from the built
 * jars. The running {@link Cluster} is injected into parameters (test, lifecycle and constructor) and fields of type
 * {@link Cluster}.
 *
 * <pre>{@code
 * @TributaryCluster(brokers = 3, brokerConfig = {"min.insync.replicas=2", "replica.lag.time.max.ms=3000"})
 * class SomeIT {
 *     @Test
 *     void survivesALeaderKill(Cluster cluster) { ... cluster.broker(cluster.leaderOf(tp)).kill9(); ... }
 * }
 * }</pre>
 *
 * <p>On a class, one cluster serves every test of the class (started before {@code @BeforeAll}); on a method, that
 * test gets its own. When a test or lifecycle method fails, the last lines of every node's log are printed; the
 * logs themselves stay under {@code target/e2e-logs/}. At the end the processes are killed and the data deleted.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TributaryClusterExtension.class)
public @interface TributaryCluster {

    /** How many brokers (ids 1, 2, …). */
    int brokers() default 3;

    /** How many coordinators (ids 1000, 1001, …); 0 runs brokers only. */
    int coordinators() default 0;

    /** Broker settings as {@code name=value}, over the harness's ({@code zookeeper.session.timeout.ms}, …). */
    String[] brokerConfig() default {};

    /**
     * Coordinator settings as {@code name=value}, over the harness's ({@code group.initial.rebalance.delay.ms=0},
     * {@code offsets.topic.replication.factor} = the smaller of 3 and the broker count).
     */
    String[] coordinatorConfig() default {};

    /** Every node's {@code zookeeper.session.timeout.ms}: short, so that a dead node's registration goes quickly. */
    int zookeeperSessionTimeoutMs() default 6000;
}
