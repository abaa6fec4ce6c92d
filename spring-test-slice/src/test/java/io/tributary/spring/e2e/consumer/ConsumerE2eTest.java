package io.tributary.spring.e2e.consumer;

import io.tributary.spring.test.EmbeddedTributary;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The context the consumer starter's end-to-end tests share: Spring caches it, so every subclass runs against the same
 * application and the same embedded cluster.
 */
@SpringBootTest(classes = ConsumerE2eApplication.class, properties = {
        "tributary.consumer.group-id=consumer-e2e",
        "tributary.consumer.json.trusted-packages=io.tributary.spring.e2e.consumer.events",
        "tributary.consumer.retry.max-attempts=3",
        "tributary.consumer.retry.initial-interval=10ms",
        "tributary.consumer.retry.max-interval=40ms",
        // partitions a test adds to a topic are seen within a second, not Kafka's default five minutes
        "tributary.consumer.properties.metadata.max.age.ms=1000"})
@EmbeddedTributary(partitions = 2, topics = {ConsumerE2eApplication.ORDERS, ConsumerE2eApplication.SHAPES,
        ConsumerE2eApplication.BATCH, ConsumerE2eApplication.BATCH_WITH_BAD, ConsumerE2eApplication.FLAKY, ConsumerE2eApplication.FAILING,
        ConsumerE2eApplication.FAILING_TOO, ConsumerE2eApplication.FAILING_GROWN,
        ConsumerE2eApplication.FAILING_BYTE_KEYS,
        GracefulShutdownTest.SHUTDOWN, GracefulShutdownTest.MANUAL, GracefulShutdownTest.STUCK,
        GracefulShutdownTest.MANUAL_BATCH})
abstract class ConsumerE2eTest {
}
