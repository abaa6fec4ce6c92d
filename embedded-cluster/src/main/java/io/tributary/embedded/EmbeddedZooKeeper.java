package io.tributary.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;

/**
 * A real single-node ZooKeeper server inside the calling JVM, keeping its data on disk under a base directory (a
 * restart on the same directory finds what was written). Port 0 lets the operating system choose the port while the
 * server binds it, so two JVMs never race for the same free port.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {

    /** ZooKeeper's own default tick: sessions between 4 s and 40 s. */
    public static final Duration DEFAULT_TICK = Duration.ofMillis(2_000);

    private static final int MAX_CLIENT_CONNECTIONS = 1_000;

    private final ZooKeeperServer server;
    private final ServerCnxnFactory connections;
    private final FileTxnSnapLog storage;

    private EmbeddedZooKeeper(ZooKeeperServer server, ServerCnxnFactory connections, FileTxnSnapLog storage) {
        this.server = server;
        this.connections = connections;
        this.storage = storage;
    }

    /** Starts a server on 127.0.0.1 with ZooKeeper's default tick. */
    public static EmbeddedZooKeeper start(Path baseDir, int port) {
        return start(baseDir, port, DEFAULT_TICK);
    }

    /**
     * Starts a server on 127.0.0.1.
     *
     * @param port 0 for a port the operating system chooses
     * @param tick ZooKeeper's {@code tickTime}: sessions may last from 2 to 20 ticks
     */
    public static EmbeddedZooKeeper start(Path baseDir, int port, Duration tick) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        FileTxnSnapLog storage = null;
        ServerCnxnFactory connections = null;
        try {
            Path dataDir = Files.createDirectories(baseDir.resolve("data"));
            storage = new FileTxnSnapLog(dataDir.toFile(), dataDir.toFile());
            ZooKeeperServer server = new ZooKeeperServer(storage, (int) tick.toMillis(), "");
            connections = ServerCnxnFactory.createFactory(address, MAX_CLIENT_CONNECTIONS);
            connections.startup(server);
            return new EmbeddedZooKeeper(server, connections, storage);
        } catch (IOException | RuntimeException e) {
            stop(connections, storage);
            throw new IllegalStateException("Cannot start the embedded ZooKeeper on " + address.getHostString() + ":"
                    + port + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            stop(connections, storage);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the embedded ZooKeeper", e);
        }
    }

    /** The port the server listens on (the chosen one when started with port 0). */
    public int port() {
        return connections.getLocalPort();
    }

    /** The connect string of a client of this server, under {@code chroot} ("" for the root). */
    public String connectString(String chroot) {
        return "127.0.0.1:" + port() + chroot;
    }

    @Override
    public void close() {
        stop(connections, storage);
        server.shutdown();
    }

    private static void stop(ServerCnxnFactory connections, FileTxnSnapLog storage) {
        if (connections != null) {
            // also shuts the server down, once its connections are closed
            connections.shutdown();
        }
        if (storage != null) {
            try {
                storage.close();
            } catch (IOException e) {
                // the transaction log was synced on every write; a failing close loses nothing
            }
        }
    }
}
