package io.tributary.broker;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.apache.curator.test.TestingServer;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.broker.config.BrokerConfig;

/** A real ZooKeeper (Curator's TestingServer) and one broker in this JVM, on free ports. */
final class RunningBroker implements AutoCloseable {

    private final TestingServer zookeeper;
    private final Broker broker;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    RunningBroker(Path logDir, Map<String, Object> extraSettings) throws Exception {
        zookeeper = new TestingServer(true);
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> settings = new java.util.HashMap<>(Map.of(
                "broker.id", "1",
                "listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", logDir.toString(),
                "zookeeper.connect", zookeeper.getConnectString() + "/tributary"));
        settings.putAll(extraSettings);
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        broker = new Broker(BrokerConfig.from(environment), meters, Clock.systemUTC());
        broker.start();
    }

    /** The ZooKeeper connect string the broker uses, with its chroot. */
    String zookeeperConnect() {
        return zookeeper.getConnectString() + "/tributary";
    }

    int port() {
        return broker.boundPort();
    }

    String bootstrap() {
        return "127.0.0.1:" + broker.boundPort();
    }

    BrokerSchedulers schedulers() {
        return broker.schedulers();
    }

    @Override
    public void close() throws Exception {
        broker.close();
        zookeeper.close();
    }
}
