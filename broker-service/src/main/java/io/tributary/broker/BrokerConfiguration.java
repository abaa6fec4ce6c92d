package io.tributary.broker;

import java.time.Clock;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.broker.config.BrokerConfig;

@Configuration(proxyBeanMethods = false)
class BrokerConfiguration {

    @Bean
    BrokerConfig brokerConfig(Environment environment) {
        return BrokerConfig.from(environment);
    }

    @Bean(destroyMethod = "close")
    Broker broker(BrokerConfig config, MeterRegistry meters) {
        Broker broker = new Broker(config, meters, Clock.systemUTC());
        try {
            broker.start();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    @Bean
    HealthIndicator logDirsHealthIndicator(Broker broker) {
        return new LogDirsHealthIndicator(broker::logDirectories);
    }

    /** DOWN until the broker has caught up with the leaders of the partitions it follows, after a start. */
    @Bean
    HealthIndicator replicationHealthIndicator(Broker broker) {
        return () -> broker.isCaughtUp()
                ? Health.up().build()
                : Health.down().withDetail("catchingUp", broker.partitionsCatchingUp().stream().map(Object::toString).sorted().toList())
                        .build();
    }

    @Bean
    HealthIndicator brokerHealthIndicator(Broker broker) {
        return () -> broker.isRunning() && broker.isZooKeeperConnected()
                ? Health.up().withDetail("kafkaPort", broker.boundPort()).build()
                : Health.down().withDetail("zookeeperConnected", broker.isZooKeeperConnected()).build();
    }
}
