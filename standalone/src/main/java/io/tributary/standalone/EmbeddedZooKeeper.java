package io.tributary.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/** A real single-node ZooKeeper server inside the standalone JVM, keeping its data on disk under the data dir. */
final class EmbeddedZooKeeper implements AutoCloseable {

    private static final long STARTUP_TIMEOUT_MS = 30_000;

    private final ZooKeeperServerEmbedded server;
    private final int port;

    private EmbeddedZooKeeper(ZooKeeperServerEmbedded server, int port) {
        this.server = server;
        this.port = port;
    }

    static EmbeddedZooKeeper start(Path baseDir, int requestedPort) throws Exception {
        Files.createDirectories(baseDir);
        int port = requestedPort == 0 ? freePort() : requestedPort;
        Properties config = new Properties();
        config.setProperty("clientPort", String.valueOf(port));
        config.setProperty("clientPortAddress", "127.0.0.1");
        config.setProperty("dataDir", baseDir.resolve("data").toString());
        config.setProperty("tickTime", "2000");
        config.setProperty("admin.enableServer", "false");
        config.setProperty("4lw.commands.whitelist", "ruok,srvr");
        ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder()
                .baseDir(baseDir)
                .configuration(config)
                .exitHandler(ExitHandler.LOG_ONLY)
                .build();
        try {
            server.start(STARTUP_TIMEOUT_MS);
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("Cannot start the embedded ZooKeeper on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return new EmbeddedZooKeeper(server, port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String connectString(String chroot) {
        return "127.0.0.1:" + port + chroot;
    }

    @Override
    public void close() {
        server.close();
    }
}
