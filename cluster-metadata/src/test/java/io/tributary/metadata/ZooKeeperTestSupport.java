package io.tributary.metadata;

import static org.awaitility.Awaitility.await;

import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.zk.ZooKeeperConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One real ZooKeeper ({@link TestingServer}, random port) per test class; each test gets its own chroot, so tests do
 * not see each other's nodes. A "process" is a client plus a started {@link ClusterMetadata}, as a service would have.
 */
public abstract class ZooKeeperTestSupport {

    protected static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);
    protected static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    protected static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final AtomicInteger CHROOTS = new AtomicInteger();
    /** Short ticks let the server expire a lost session within a test's deadline. */
    private static final int TICK_MS = 200;

    protected static TestingServer server;

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    protected String connect;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, TICK_MS, -1), true);
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @BeforeEach
    void chroot() {
        connect = server.getConnectString() + "/test-" + CHROOTS.incrementAndGet();
    }

    @AfterEach
    void closeAll() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    protected <T extends AutoCloseable> T closeAfterTest(T closeable) {
        opened.push(closeable);
        return closeable;
    }

    protected CuratorFramework client() {
        return closeAfterTest(ZooKeeperConnection.connect(connect, SESSION_TIMEOUT, CONNECT_TIMEOUT));
    }

    protected ClusterMetadata metadata(CuratorFramework client) {
        ClusterMetadata metadata = closeAfterTest(new ClusterMetadata(client));
        metadata.start();
        return metadata;
    }

    /** A started ClusterMetadata on its own client (session), with broker {@code brokerId} registered. */
    protected ClusterMetadata broker(int brokerId) {
        ClusterMetadata metadata = metadata(client());
        metadata.registerBroker(new BrokerRegistration(brokerId, "host-" + brokerId, 9092, null, System.currentTimeMillis()));
        return metadata;
    }

    protected static void awaitTrue(Callable<Boolean> condition) {
        await().atMost(DEADLINE).until(condition);
    }
}
