package io.tributary.spring.test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** A plain Spring Boot application; it notes which topics existed when its beans were created. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {

    @Bean
    TopicsAtStartup topicsAtStartup(Environment environment) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                environment.getRequiredProperty("tributary.embedded.bootstrap-servers")))) {
            Set<String> names = admin.listTopics().names().get();
            Map<String, Integer> partitions = new TreeMap<>();
            admin.describeTopics(names).allTopicNames().get()
                    .forEach((name, topic) -> partitions.put(name, topic.partitions().size()));
            return new TopicsAtStartup(partitions);
        }
    }

    /** Topic name to partition count, as listed while the context started. */
    record TopicsAtStartup(Map<String, Integer> partitions) {
    }
}
