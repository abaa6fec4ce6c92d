package io.tributary.standalone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The standalone launcher's own options ({@code --data-dir}, {@code --port}, {@code --coordinator-port},
 * {@code --zookeeper-port}); every
 * other argument goes on to the broker, so any broker setting ({@code --num.partitions=3}, {@code --server.port=0})
 * can be given too.
 */
record StandaloneOptions(Path dataDir, int kafkaPort, int coordinatorPort, int zookeeperPort, List<String> brokerArgs) {

    static StandaloneOptions parse(String[] args) {
        Path dataDir = Path.of("tributary-data");
        int port = 9092;
        int coordinatorPort = 9093;
        int zookeeperPort = 2181;
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--data-dir=")) {
                dataDir = Path.of(value(arg));
            } else if (arg.startsWith("--port=")) {
                port = port(arg);
            } else if (arg.startsWith("--coordinator-port=")) {
                coordinatorPort = port(arg);
            } else if (arg.startsWith("--zookeeper-port=")) {
                zookeeperPort = port(arg);
            } else {
                rest.add(arg);
            }
        }
        return new StandaloneOptions(dataDir.toAbsolutePath(), port, coordinatorPort, zookeeperPort, rest);
    }

    private static String value(String arg) {
        String value = arg.substring(arg.indexOf('=') + 1);
        if (value.isBlank()) {
            throw new IllegalArgumentException(arg + ": a value is required");
        }
        return value;
    }

    private static int port(String arg) {
        try {
            int port = Integer.parseInt(value(arg));
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(arg + ": a port is between 0 and 65535");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(arg + ": not a number");
        }
    }
}
