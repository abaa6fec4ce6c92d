package io.tributary.admin.metadata;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the admin API reads what the Kafka protocol does not tell (broker registrations, controlled shutdowns):
 * Tributary's ZooKeeper, in Kafka's {@code zookeeper.connect} syntax with its chroot. Optional: without it the admin
 * API works against any Kafka cluster and leaves those fields out.
 *
 * @param zookeeperConnect {@code host:port[,host:port]/chroot}, e.g. {@code 127.0.0.1:2181/tributary}
 * @param zookeeperTimeout the ZooKeeper session and connection timeout
 */
@ConfigurationProperties("tributary.admin")
public record ZooKeeperSettings(String zookeeperConnect, @DefaultValue("15s") Duration zookeeperTimeout) {

    public boolean configured() {
        return zookeeperConnect != null && !zookeeperConnect.isBlank();
    }
}
