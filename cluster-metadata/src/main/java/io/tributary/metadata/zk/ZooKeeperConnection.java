package io.tributary.metadata.zk;

import io.tributary.metadata.MetadataUnavailableException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * Opens the Curator client every service uses. The chroot of {@code zookeeper.connect} (Kafka syntax:
 * {@code host:port,host:port/chroot}) becomes the Curator namespace, so the root node is created on first use and
 * every path in {@link ZkPaths} stays relative to it.
 */
public final class ZooKeeperConnection {

    /** The chroot when {@code zookeeper.connect} names none. */
    public static final String DEFAULT_ROOT = "tributary";

    private static final int BASE_RETRY_SLEEP_MS = 100;
    private static final int MAX_RETRIES = 5;

    private ZooKeeperConnection() {
    }

    /**
     * Connects and waits until connected.
     *
     * @throws MetadataUnavailableException if ZooKeeper cannot be reached within {@code connectTimeout}
     */
    public static CuratorFramework connect(String zookeeperConnect, Duration sessionTimeout, Duration connectTimeout) {
        ConnectString connect = ConnectString.parse(zookeeperConnect);
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connect.hosts())
                .namespace(connect.namespace())
                .sessionTimeoutMs(Math.toIntExact(sessionTimeout.toMillis()))
                .connectionTimeoutMs(Math.toIntExact(connectTimeout.toMillis()))
                .retryPolicy(new ExponentialBackoffRetry(BASE_RETRY_SLEEP_MS, MAX_RETRIES))
                .build();
        client.start();
        boolean connected;
        try {
            connected = client.blockUntilConnected(Math.toIntExact(connectTimeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connected = false;
        }
        if (!connected) {
            client.close();
            throw new MetadataUnavailableException(
                    "Cannot reach ZooKeeper at " + zookeeperConnect + " within " + connectTimeout.toMillis() + " ms");
        }
        // The namespace node appears on the first operation; create it now so that the root exists once connected.
        ZkCalls.run("creating the root /" + connect.namespace(), () -> {
            client.checkExists().forPath("/");
        });
        return client;
    }

    /** {@code zookeeper.connect} split into the host list and the chroot, without its leading slash. */
    record ConnectString(String hosts, String namespace) {

        static ConnectString parse(String zookeeperConnect) {
            String connect = zookeeperConnect.trim();
            int slash = connect.indexOf('/');
            if (slash < 0) {
                return new ConnectString(connect, DEFAULT_ROOT);
            }
            String chroot = connect.substring(slash).replaceAll("^/+|/+$", "");
            return new ConnectString(connect.substring(0, slash), chroot.isEmpty() ? DEFAULT_ROOT : chroot);
        }
    }
}
