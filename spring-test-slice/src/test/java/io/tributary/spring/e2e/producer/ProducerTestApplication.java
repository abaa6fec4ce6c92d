package io.tributary.spring.e2e.producer;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;

/** An application of the producer starter: the template is autowired, two topics are declared. */
@SpringBootConfiguration
@EnableAutoConfiguration
class ProducerTestApplication {

    /** Missing before the start: created with its partitions and config. */
    @Bean
    NewTopic declaredTopic() {
        return TopicBuilder.name(ProducerStarterTest.DECLARED).partitions(3).config("retention.ms", "3600000")
                .build();
    }

    /** Exists with 1 partition before the start (the test's annotation): raised. */
    @Bean
    NewTopic raisedTopic() {
        return TopicBuilder.name(ProducerStarterTest.RAISED).partitions(4).build();
    }
}
