package io.tributary.coordinator.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.coordinator.group.ExecutorScheduler;
import io.tributary.coordinator.group.GroupConfig;
import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.coordinator.log.CoordinatorLog;
import io.tributary.coordinator.log.CoordinatorRecord;
import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.topic.NewTopic;
import io.tributary.metadata.zk.ZooKeeperConnection;

/**
 * A coordinator must stop promptly even when the brokers it asks for log end offsets are gone: CI once saw the
 * coordinator outlive its SIGTERM deadline because closing the lag metrics waited for a ListOffsets nobody answered.
 * Real ZooKeeper and a real kafka-clients Admin; the "broker" is a socket that takes connections and never answers.
 */
class GroupLagMetricsCloseTest {

    private static final String TOPIC = "orders";
    private static final String GROUP = "billing";
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private ClusterMetadata metadata;
    private ServerSocket silentBroker;
    private ScheduledExecutorService executor;

    @BeforeEach
    void clusterWithASilentBroker() throws Exception {
        TestingServer zookeeper = closeAfterTest(new TestingServer(true));
        CuratorFramework client = closeAfterTest(ZooKeeperConnection.connect(zookeeper.getConnectString(),
                Duration.ofSeconds(4), Duration.ofSeconds(3)));
        metadata = closeAfterTest(new ClusterMetadata(client));
        metadata.start();
        // the kernel completes the TCP handshake from the backlog, so requests are sent and simply never answered
        silentBroker = closeAfterTest(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        metadata.registerBroker(new BrokerRegistration(1, "127.0.0.1", silentBroker.getLocalPort(), null,
                System.currentTimeMillis()));
        metadata.createTopic(NewTopic.of(TOPIC, 1, 1), false);
        await().atMost(DEADLINE).until(() -> metadata.topic(TOPIC).isPresent());
        executor = Executors.newSingleThreadScheduledExecutor();
        closeAfterTest(executor::shutdownNow);
    }

    @AfterEach
    void closeAll() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    @Test
    void closeDoesNotWaitForAListOffsetsTheBrokersNeverAnswer() {
        GroupLagMetrics metrics = new GroupLagMetrics(groupWithACommittedOffset(), metadata, new SimpleMeterRegistry(),
                executor, Clock.systemUTC());
        CompletableFuture<Void> refreshed = new CompletableFuture<>();
        Thread refresh = new Thread(() -> {
            try {
                metrics.refresh();
                refreshed.complete(null);
            } catch (Throwable e) {
                refreshed.completeExceptionally(e);
            }
        }, "lag-refresh");
        refresh.setDaemon(true);
        refresh.start();
        await().atMost(DEADLINE).until(() -> waitingForLogEndOffsets(refresh));

        assertTimeoutPreemptively(PROMPTLY, metrics::close);

        assertThat(refreshed).failsWithin(PROMPTLY);
        await().atMost(PROMPTLY).until(() -> !refresh.isAlive());
    }

    private GroupCoordinator groupWithACommittedOffset() {
        GroupCoordinator groups = new GroupCoordinator(GroupConfig.defaults(), new AcknowledgingLog(),
                tp -> metadata.topic(tp.topic()).isPresent(), Clock.systemUTC(), new ExecutorScheduler(executor));
        groups.loading(0);
        groups.loaded(0, List.of(new CoordinatorRecord.OffsetCommit(GROUP, TOPIC, 0, 42L, -1, "",
                System.currentTimeMillis())));
        return groups;
    }

    /**
     * The refresh is inside the wait for the ListOffsets result, not still building its Admin: only then does a
     * close that waited for pending calls hang, so only then does the test prove anything.
     */
    private static boolean waitingForLogEndOffsets(Thread thread) {
        List<StackTraceElement> stack = Arrays.asList(thread.getStackTrace());
        return thread.getState() == Thread.State.TIMED_WAITING
                && stack.stream().anyMatch(f -> f.getClassName().endsWith("KafkaFutureImpl")
                        && f.getMethodName().equals("get"))
                && stack.stream().anyMatch(f -> f.getClassName().equals(GroupLagMetrics.class.getName())
                        && f.getMethodName().equals("logEndOffsets"));
    }

    private <T extends AutoCloseable> T closeAfterTest(T closeable) {
        opened.push(closeable);
        return closeable;
    }

    /** The offsets were replayed, not committed: nothing is appended in this test. */
    private static final class AcknowledgingLog implements CoordinatorLog {

        @Override
        public int partitionCount() {
            return 1;
        }

        @Override
        public CompletableFuture<Void> append(int partition, List<CoordinatorRecord> records) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
