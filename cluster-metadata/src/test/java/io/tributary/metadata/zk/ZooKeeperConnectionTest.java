package io.tributary.metadata.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.metadata.MetadataUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ZooKeeperConnectionTest {

    private static TestingServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestingServer(true);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @Test
    void connectingWithAChrootCreatesTheRoot() throws Exception {
        try (CuratorFramework client = ZooKeeperConnection.connect(server.getConnectString() + "/prod/tributary",
                Duration.ofSeconds(10), Duration.ofSeconds(5));
             CuratorFramework raw = rawClient()) {
            assertThat(raw.checkExists().forPath("/prod/tributary")).isNotNull();
            client.create().forPath("/probe");
            assertThat(raw.checkExists().forPath("/prod/tributary/probe")).isNotNull();
        }
    }

    @Test
    void withoutAChrootTheRootIsTributary() throws Exception {
        try (CuratorFramework client = ZooKeeperConnection.connect(server.getConnectString(),
                Duration.ofSeconds(10), Duration.ofSeconds(5));
             CuratorFramework raw = rawClient()) {
            assertThat(client.getNamespace()).isEqualTo("tributary");
            assertThat(raw.checkExists().forPath("/tributary")).isNotNull();
        }
    }

    @Test
    void anUnreachableServerFailsFastWithTheAddressAndTimeout() throws IOException {
        String unreachable = "127.0.0.1:" + freePort() + "/tributary";
        long started = System.nanoTime();

        assertThatThrownBy(() -> ZooKeeperConnection.connect(unreachable, Duration.ofSeconds(10), Duration.ofMillis(500)))
                .isInstanceOf(MetadataUnavailableException.class)
                .hasMessage("Cannot reach ZooKeeper at " + unreachable + " within 500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theChrootIsSplitOffTheHostList() {
        assertThat(ZooKeeperConnection.ConnectString.parse("a:2181,b:2181/kafka/one"))
                .isEqualTo(new ZooKeeperConnection.ConnectString("a:2181,b:2181", "kafka/one"));
        assertThat(ZooKeeperConnection.ConnectString.parse("a:2181/"))
                .isEqualTo(new ZooKeeperConnection.ConnectString("a:2181", "tributary"));
        assertThat(ZooKeeperConnection.ConnectString.parse("a:2181"))
                .isEqualTo(new ZooKeeperConnection.ConnectString("a:2181", "tributary"));
    }

    private static CuratorFramework rawClient() throws InterruptedException {
        CuratorFramework raw = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        raw.start();
        raw.blockUntilConnected();
        return raw;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
