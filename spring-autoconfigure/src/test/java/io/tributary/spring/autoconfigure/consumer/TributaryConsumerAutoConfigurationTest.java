package io.tributary.spring.autoconfigure.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.lag.GroupLagReader;
import io.tributary.spring.autoconfigure.TributaryAutoConfiguration;
import io.tributary.spring.autoconfigure.TributaryClientConfig;
import io.tributary.spring.autoconfigure.TributaryConnectionDetails;
import io.tributary.spring.autoconfigure.TributaryProperties;
import io.tributary.spring.autoconfigure.consumer.batch.ConversionFailingBatchMessageConverter;
import io.tributary.spring.autoconfigure.consumer.error.DeadLetterTopicRecoverer;
import io.tributary.spring.autoconfigure.consumer.json.ParameterTypeJsonMessageConverter;
import io.tributary.spring.autoconfigure.consumer.shutdown.GracefulListenerShutdown;
import io.tributary.spring.autoconfigure.producer.TributaryProducerAutoConfiguration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.KafkaListenerAnnotationBeanPostProcessor;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.converter.BatchMessageConverter;
import org.springframework.kafka.support.converter.BatchMessagingMessageConverter;
import org.springframework.kafka.support.converter.ConversionException;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.kafka.support.converter.StringJacksonJsonMessageConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TributaryConsumerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TributaryAutoConfiguration.class,
                    TributaryConsumerAutoConfiguration.class));

    @Test
    void defaultsAreListenersThatCommitPerPollFromTheEarliestOffsetWithDeadLetters() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(consumerConfig(context)).containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            "127.0.0.1:9092")
                    .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                    .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500)
                    .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                    .containsEntry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class)
                    .containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)
                    .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
            ConcurrentKafkaListenerContainerFactory<?, ?> factory = containerFactory(context);
            ContainerProperties container = factory.getContainerProperties();
            assertThat(container.getAckMode()).isEqualTo(ContainerProperties.AckMode.BATCH);
            assertThat(container.getPollTimeout()).isEqualTo(1000);
            assertThat(container.getShutdownTimeout()).isEqualTo(30_000);
            assertThat(container.isStopImmediate()).isTrue();
            assertThat(container.isObservationEnabled()).isTrue();
            assertThat(factory.isBatchListener()).isFalse();
            assertThat(factory.createContainer("orders").getConcurrency()).isEqualTo(1);
            assertThat(context).hasSingleBean(ParameterTypeJsonMessageConverter.class)
                    .hasSingleBean(ConversionFailingBatchMessageConverter.class)
                    .hasSingleBean(DeadLetterTopicRecoverer.class)
                    .hasSingleBean(GracefulListenerShutdown.class)
                    .hasSingleBean(KafkaListenerEndpointRegistry.class);
            assertThat(factory.createContainer("orders").getCommonErrorHandler())
                    .isSameAs(context.getBean(CommonErrorHandler.class)).isInstanceOf(DefaultErrorHandler.class);
            assertThat(context.getBean(DeadLetterTopicRecoverer.class).deadLetterTopicOf("orders"))
                    .isEqualTo("orders.DLT");
        });
    }

    @Test
    void consumerKeysReachTheConsumerConfigAndWinOverThePassThrough() {
        runner.withPropertyValues("tributary.consumer.group-id=billing",
                        "tributary.consumer.auto-offset-reset=latest",
                        "tributary.consumer.max-poll-records=7",
                        "tributary.consumer.properties.max.poll.records=99",
                        "tributary.consumer.properties.fetch.min.bytes=1024",
                        "tributary.consumer.properties.value.deserializer=org.apache.kafka.common.serialization.StringDeserializer",
                        "tributary.consumer.properties.key.deserializer=org.apache.kafka.common.serialization.LongDeserializer",
                        "tributary.properties.request.timeout.ms=1234",
                        "tributary.client-id=shop",
                        "tributary.bootstrap-servers=a:1,b:2")
                .run(context -> assertThat(consumerConfig(context))
                        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "billing")
                        .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")
                        .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 7)
                        .containsEntry("fetch.min.bytes", "1024")
                        .containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)
                        .containsEntry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                                "org.apache.kafka.common.serialization.LongDeserializer")
                        .containsEntry("request.timeout.ms", "1234")
                        .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "shop-consumer")
                        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "a:1,b:2"));
    }

    @Test
    void connectionDetailsBeanDecidesTheBootstrapAddress() {
        runner.withPropertyValues("tributary.bootstrap-servers=ignored:1")
                .withBean(TributaryConnectionDetails.class, () -> () -> List.of("embedded:4242"))
                .run(context -> assertThat(consumerConfig(context))
                        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "embedded:4242"));
    }

    @Test
    void containerKeysShapeEveryListenerContainer() {
        runner.withPropertyValues("tributary.consumer.concurrency=3",
                        "tributary.consumer.batch=true",
                        "tributary.consumer.ack-mode=manual_immediate",
                        "tributary.consumer.poll-timeout=250ms",
                        "tributary.consumer.shutdown-timeout=7s",
                        "tributary.observation.enabled=false")
                .run(context -> {
                    ConcurrentKafkaListenerContainerFactory<?, ?> factory = containerFactory(context);
                    ConcurrentMessageListenerContainer<?, ?> container = factory.createContainer("orders");
                    assertThat(container.getConcurrency()).isEqualTo(3);
                    assertThat(factory.isBatchListener()).isTrue();
                    ContainerProperties properties = container.getContainerProperties();
                    assertThat(properties.getAckMode()).isEqualTo(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
                    assertThat(properties.getPollTimeout()).isEqualTo(250);
                    assertThat(properties.getShutdownTimeout()).isEqualTo(7000);
                    assertThat(properties.isObservationEnabled()).isFalse();
                    assertThat(context.getBean(GracefulListenerShutdown.class)).extracting("timeout")
                            .isEqualTo(Duration.ofSeconds(7));
                });
    }

    @Test
    void trustedPackagesDecideWhichTypeHeadersAnAbstractParameterFollows() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("shapes", 0, 0, "k",
                "{\"radius\":1.5}".getBytes(StandardCharsets.UTF_8));
        record.headers().add(ParameterTypeJsonMessageConverter.TYPE_HEADER,
                Circle.class.getName().getBytes(StandardCharsets.UTF_8));
        runner.run(context -> assertThatThrownBy(() -> context.getBean(RecordMessageConverter.class)
                .toMessage(record, null, null, Shape.class)).isInstanceOf(ConversionException.class));
        runner.withPropertyValues("tributary.consumer.json.trusted-packages=" + Circle.class.getPackageName())
                .run(context -> assertThat(context.getBean(RecordMessageConverter.class)
                        .toMessage(record, null, null, Shape.class).getPayload()).isEqualTo(new Circle(1.5)));
    }

    @Test
    void anUnknownAckModeFailsStartUpWithTheBindersMessage() {
        runner.withPropertyValues("tributary.consumer.ack-mode=sometimes")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("Failed to bind properties under 'tributary.consumer.ack-mode'")
                        .hasStackTraceContaining("sometimes"));
    }

    @Test
    void retryKeysShapeTheBackOffAndTheNonRetryableExceptions() {
        runner.withPropertyValues("tributary.consumer.retry.max-attempts=5",
                        "tributary.consumer.retry.initial-interval=20ms",
                        "tributary.consumer.retry.multiplier=3",
                        "tributary.consumer.retry.max-interval=400ms",
                        "tributary.consumer.retry.non-retryable-exceptions=java.lang.IllegalArgumentException")
                .run(context -> {
                    DefaultErrorHandler handler = context.getBean(DefaultErrorHandler.class);
                    assertThat(handler).extracting("failureTracker.backOff")
                            .isInstanceOfSatisfying(ExponentialBackOffWithMaxRetries.class, backOff -> {
                                assertThat(backOff.getMaxRetries()).isEqualTo(4);
                                assertThat(backOff.getInitialInterval()).isEqualTo(20);
                                assertThat(backOff.getMultiplier()).isEqualTo(3.0);
                                assertThat(backOff.getMaxInterval()).isEqualTo(400);
                            });
                    assertThat(handler.removeClassification(IllegalArgumentException.class)).isFalse();
                    assertThat(handler.removeClassification(ConversionException.class)).isFalse();
                });
    }

    @Test
    void byDefaultOnlyConversionAndSpringKafkasOwnFailuresSkipRetries() {
        runner.run(context -> {
            DefaultErrorHandler handler = context.getBean(DefaultErrorHandler.class);
            assertThat(handler).extracting("failureTracker.backOff")
                    .isInstanceOfSatisfying(ExponentialBackOffWithMaxRetries.class, backOff -> {
                        assertThat(backOff.getMaxRetries()).isEqualTo(2);
                        assertThat(backOff.getInitialInterval()).isEqualTo(1000);
                        assertThat(backOff.getMultiplier()).isEqualTo(2.0);
                        assertThat(backOff.getMaxInterval()).isEqualTo(10_000);
                    });
            assertThat(handler.removeClassification(IllegalArgumentException.class)).isNull();
            assertThat(handler.removeClassification(ConversionException.class)).isFalse();
        });
    }

    @Test
    void aNonRetryableExceptionThatIsNotOnTheClasspathFailsStartUp() {
        runner.withPropertyValues("tributary.consumer.retry.non-retryable-exceptions=com.example.Missing")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("com.example.Missing, which is not on the classpath"));
    }

    @Test
    void maxAttemptsBelowOneFailsStartUp() {
        runner.withPropertyValues("tributary.consumer.retry.max-attempts=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("max-attempts must be at least 1"));
    }

    @Test
    void deadLetterSuffixNamesTheDeadLetterTopic() {
        runner.withPropertyValues("tributary.consumer.dead-letter.suffix=-failed")
                .run(context -> assertThat(context.getBean(DeadLetterTopicRecoverer.class)
                        .deadLetterTopicOf("orders")).isEqualTo("orders-failed"));
    }

    @Test
    void deadLettersDisabledLeavesTheErrorHandlerWithoutARecoverer() {
        runner.withPropertyValues("tributary.consumer.dead-letter.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ConsumerRecordRecoverer.class)
                            .hasSingleBean(DefaultErrorHandler.class);
                    assertThat(context.getBean(DefaultErrorHandler.class))
                            .extracting("failureTracker.recoverer").isNotInstanceOf(DeadLetterTopicRecoverer.class);
                });
    }

    @Test
    void anApplicationRecovererReplacesTheDeadLetterTopic() {
        ConsumerRecordRecoverer own = (record, exception) -> { };
        runner.withBean("ownRecoverer", ConsumerRecordRecoverer.class, () -> own)
                .run(context -> assertThat(context).doesNotHaveBean(DeadLetterTopicRecoverer.class)
                        .hasSingleBean(DefaultErrorHandler.class));
    }

    @Test
    void applicationBeansReplaceEachOfOurs() {
        runner.withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context.getBean(ConsumerFactory.class)).isSameAs(context.getBean("ownConsumerFactory"));
            assertThat(context.getBean(RecordMessageConverter.class)).isInstanceOf(StringJacksonJsonMessageConverter.class);
            assertThat(context.getBean(CommonErrorHandler.class)).isInstanceOf(CommonLoggingErrorHandler.class);
            assertThat(containerFactory(context).getConsumerFactory()).isSameAs(context.getBean("ownConsumerFactory"));
            assertThat(containerFactory(context).createContainer("orders").getCommonErrorHandler())
                    .isInstanceOf(CommonLoggingErrorHandler.class);
        });
        runner.withBean("kafkaListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class,
                        ConcurrentKafkaListenerContainerFactory::new)
                .run(context -> assertThat(containerFactory(context).getContainerProperties().isStopImmediate())
                        .isFalse());
    }

    @Test
    void applicationBatchConverterAndShutdownReplaceOurs() {
        runner.withBean("ownBatchConverter", BatchMessagingMessageConverter.class,
                        BatchMessagingMessageConverter::new)
                .withBean("ownShutdown", GracefulListenerShutdown.class,
                        () -> new GracefulListenerShutdown(new KafkaListenerEndpointRegistry(), Duration.ofSeconds(1)))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ConversionFailingBatchMessageConverter.class)
                            .hasSingleBean(BatchMessageConverter.class)
                            .hasSingleBean(GracefulListenerShutdown.class);
                    assertThat(context.getBean(GracefulListenerShutdown.class)).extracting("timeout")
                            .isEqualTo(Duration.ofSeconds(1));
                    assertThat(containerFactory(context)).extracting("batchMessageConverter")
                            .isSameAs(context.getBean("ownBatchConverter"));
                });
    }

    @Test
    void anApplicationsOwnClientConfigIsWhatOurClientsUse() {
        runner.withBean(TributaryClientConfig.class, () -> new TributaryClientConfig(() -> List.of("own:7"),
                        new TributaryProperties(), "own-app"))
                .run(context -> assertThat(consumerConfig(context))
                        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "own:7")
                        .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "own-app-consumer"));
    }

    @Test
    void anApplicationsOwnEnableKafkaLeavesOneAnnotationProcessor() {
        runner.withUserConfiguration(OwnEnableKafka.class).run(context -> {
            assertThat(context).hasNotFailed()
                    .hasSingleBean(KafkaListenerAnnotationBeanPostProcessor.class)
                    .hasSingleBean(KafkaListenerEndpointRegistry.class);
            assertThat(context.getBean(OwnEnableKafka.Listener.class).registered(context)).isTrue();
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableKafka
    static class OwnEnableKafka {

        @Bean
        Listener listener() {
            return new Listener();
        }

        static class Listener {

            @KafkaListener(id = "own-enable-kafka", topics = "orders", autoStartup = "false")
            void listen(String value) {
            }

            boolean registered(ApplicationContext context) {
                return context.getBean(KafkaListenerEndpointRegistry.class)
                        .getListenerContainer("own-enable-kafka") != null;
            }
        }
    }

    @Test
    void customizersRunInOrderAfterTheProperties() {
        List<String> calls = new ArrayList<>();
        runner.withPropertyValues("tributary.consumer.batch=true")
                .withBean("second", OrderedCustomizer.class, () -> new OrderedCustomizer("second", calls))
                .withBean("first", FirstCustomizer.class, () -> new FirstCustomizer(calls))
                .run(context -> {
                    assertThat(calls).containsExactly("first saw batch true", "second saw batch true");
                    assertThat(containerFactory(context).isBatchListener()).isFalse();
                });
    }

    @Test
    void springBootsKafkaAutoConfigurationBacksOff() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                        TributaryAutoConfiguration.class, TributaryConsumerAutoConfiguration.class))
                .withPropertyValues("spring.kafka.bootstrap-servers=boot:1", "tributary.bootstrap-servers=ours:2")
                .run(context -> {
                    assertThat(context).hasSingleBean(ConsumerFactory.class)
                            .hasSingleBean(ConcurrentKafkaListenerContainerFactory.class);
                    assertThat(consumerConfig(context)).containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            "ours:2");
                    assertThat(containerFactory(context).getContainerProperties().isStopImmediate()).isTrue();
                });
    }

    @Test
    void backsOffWithoutSpringKafka() {
        runner.withClassLoader(new FilteredClassLoader(
                        ConcurrentKafkaListenerContainerFactory.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(TributaryConsumerAutoConfiguration.class)
                        .doesNotHaveBean("kafkaListenerContainerFactory"));
    }

    @Test
    void aProducerOnlyApplicationWithoutConsumerLagGetsNoListenerBeans() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TributaryAutoConfiguration.class,
                        TributaryProducerAutoConfiguration.class, TributaryConsumerAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(GroupLagReader.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .hasSingleBean(KafkaTemplate.class)
                        .doesNotHaveBean(TributaryConsumerAutoConfiguration.class)
                        .doesNotHaveBean(ConsumerFactory.class)
                        .doesNotHaveBean("kafkaListenerContainerFactory")
                        .doesNotHaveBean(CommonErrorHandler.class)
                        .doesNotHaveBean(DeadLetterTopicRecoverer.class)
                        .doesNotHaveBean(GracefulListenerShutdown.class)
                        .doesNotHaveBean(KafkaListenerEndpointRegistry.class));
    }

    private static Map<String, Object> consumerConfig(
            ApplicationContext context) {
        return context.getBean(DefaultKafkaConsumerFactory.class).getConfigurationProperties();
    }

    private static ConcurrentKafkaListenerContainerFactory<?, ?> containerFactory(
            ApplicationContext context) {
        return context.getBean("kafkaListenerContainerFactory", ConcurrentKafkaListenerContainerFactory.class);
    }

    interface Shape {
    }

    record Circle(double radius) implements Shape {
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {

        @Bean
        DefaultKafkaConsumerFactory<String, String> ownConsumerFactory() {
            return new DefaultKafkaConsumerFactory<>(Map.of());
        }

        @Bean
        StringJacksonJsonMessageConverter ownConverter() {
            return new StringJacksonJsonMessageConverter();
        }

        @Bean
        CommonLoggingErrorHandler ownErrorHandler() {
            return new CommonLoggingErrorHandler();
        }
    }

    @Order(2)
    static class OrderedCustomizer implements ListenerContainerFactoryCustomizer {

        private final String name;
        private final List<String> calls;

        OrderedCustomizer(String name, List<String> calls) {
            this.name = name;
            this.calls = calls;
        }

        @Override
        public void customize(ConcurrentKafkaListenerContainerFactory<Object, Object> factory) {
            calls.add(name + " saw batch " + factory.isBatchListener());
            factory.setBatchListener(false);
        }
    }

    @Order(1)
    static class FirstCustomizer implements ListenerContainerFactoryCustomizer {

        private final List<String> calls;

        FirstCustomizer(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public void customize(ConcurrentKafkaListenerContainerFactory<Object, Object> factory) {
            calls.add("first saw batch " + factory.isBatchListener());
        }
    }
}
