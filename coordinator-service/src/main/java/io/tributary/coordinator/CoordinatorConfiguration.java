package io.tributary.coordinator;

import java.time.Clock;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.coordinator.config.CoordinatorConfig;

@Configuration(proxyBeanMethods = false)
class CoordinatorConfiguration {

    @Bean
    CoordinatorConfig coordinatorConfig(Environment environment) {
        return CoordinatorConfig.from(environment);
    }

    @Bean(destroyMethod = "close")
    Coordinator coordinator(CoordinatorConfig config, MeterRegistry meters) {
        Coordinator coordinator = new Coordinator(config, meters, Clock.systemUTC());
        try {
            coordinator.start();
        } catch (RuntimeException e) {
            coordinator.close();
            throw e;
        }
        return coordinator;
    }

    @Bean
    HealthIndicator coordinatorHealthIndicator(Coordinator coordinator) {
        return () -> coordinator.isRunning() && coordinator.isZooKeeperConnected()
                ? Health.up().withDetail("kafkaPort", coordinator.boundPort()).build()
                : Health.down().withDetail("zookeeperConnected", coordinator.isZooKeeperConnected()).build();
    }
}
