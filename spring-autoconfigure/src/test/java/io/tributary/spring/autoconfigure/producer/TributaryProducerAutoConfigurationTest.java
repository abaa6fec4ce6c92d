package io.tributary.spring.autoconfigure.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

import io.tributary.spring.autoconfigure.TributaryAutoConfiguration;
import io.tributary.spring.autoconfigure.TributaryConnectionDetails;
import io.tributary.spring.autoconfigure.topic.DeclaredTopicsAdmin;
import io.tributary.spring.autoconfigure.topic.TributaryTopicAutoConfiguration;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class TributaryProducerAutoConfigurationTest {

    record Purchase(String orderId, int quantity) {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TributaryAutoConfiguration.class,
                    TributaryProducerAutoConfiguration.class));

    @Test
    void safeDefaults() {
        runner.run(context -> {
            Map<String, Object> config = factory(context).getConfigurationProperties();
            assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                    .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                    .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5L)
                    .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none")
                    .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")
                    .doesNotContainKey(ProducerConfig.CLIENT_ID_CONFIG);
            assertThat(factory(context).getKeySerializer()).isInstanceOf(StringSerializer.class);
            assertThat(factory(context).getValueSerializer()).isInstanceOf(JacksonJsonSerializer.class);
            assertThat(context.getBean(KafkaTemplate.class).getProducerFactory()).isSameAs(factory(context));
        });
    }

    @Test
    void producerKeysChangeTheFactorysConfiguration() {
        runner.withPropertyValues("tributary.producer.acks=1", "tributary.producer.idempotence=false",
                "tributary.producer.linger=20ms", "tributary.producer.compression-type=zstd").run(context ->
                assertThat(factory(context).getConfigurationProperties())
                        .containsEntry(ProducerConfig.ACKS_CONFIG, "1")
                        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false)
                        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20L)
                        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd"));
    }

    @Test
    void passThroughPropertiesReachTheProducerAndOwnKeysWin() {
        runner.withPropertyValues("tributary.producer.properties.batch.size=1234",
                "tributary.producer.properties.acks=0", "tributary.properties.request.timeout.ms=7000",
                "tributary.properties.linger.ms=99").run(context ->
                assertThat(factory(context).getConfigurationProperties())
                        .containsEntry("batch.size", "1234")
                        .containsEntry("request.timeout.ms", "7000")
                        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5L));
    }

    @Test
    void bootstrapServersAndClientId() {
        runner.withPropertyValues("tributary.bootstrap-servers=a:1,b:2", "tributary.client-id=shop",
                "spring.application.name=ignored").run(context ->
                assertThat(factory(context).getConfigurationProperties())
                        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "a:1,b:2")
                        .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "shop-producer"));
        runner.withPropertyValues("spring.application.name=orders").run(context ->
                assertThat(factory(context).getConfigurationProperties())
                        .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "orders-producer"));
    }

    @Test
    void connectionDetailsBeanBeatsTheProperty() {
        runner.withPropertyValues("tributary.bootstrap-servers=from-property:1")
                .withBean(TributaryConnectionDetails.class, () -> () -> List.of("from-bean:2"))
                .run(context -> assertThat(factory(context).getConfigurationProperties())
                        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "from-bean:2"));
    }

    @Test
    void valuesAreJsonWithATypeHeaderByDefault() {
        runner.run(context -> {
            RecordHeaders headers = new RecordHeaders();
            String json = serialize(factory(context), headers, new Purchase("o-1", 2));
            assertThat(json).isEqualTo("{\"orderId\":\"o-1\",\"quantity\":2}");
            assertThat(headers.lastHeader("__TypeId__").value())
                    .asString(StandardCharsets.UTF_8).isEqualTo(Purchase.class.getName());
        });
    }

    @Test
    void typeHeadersCanBeLeftOut() {
        runner.withPropertyValues("tributary.producer.add-type-headers=false").run(context -> {
            RecordHeaders headers = new RecordHeaders();
            serialize(factory(context), headers, new Purchase("o-1", 2));
            assertThat(headers.toArray()).isEmpty();
        });
    }

    @Test
    void theApplicationsJsonMapperWritesTheValues() {
        runner.withBean(JsonMapper.class, () -> JsonMapper.builder()
                        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build())
                .run(context -> assertThat(serialize(factory(context), new RecordHeaders(), new Purchase("o-1", 2)))
                        .isEqualTo("{\"order_id\":\"o-1\",\"quantity\":2}"));
    }

    @Test
    void observationIsOnByDefaultAndFollowsTheProperty() {
        runner.run(context -> assertThat(context.getBean(KafkaTemplate.class))
                .extracting("observationEnabled").isEqualTo(true));
        runner.withPropertyValues("tributary.observation.enabled=false").run(context ->
                assertThat(context.getBean(KafkaTemplate.class)).extracting("observationEnabled").isEqualTo(false));
    }

    @Test
    void customizersRunInOrder() {
        List<String> calls = new ArrayList<>();
        runner.withBean("second", ProducerFactoryCustomizer.class, () -> new OrderedFactoryCustomizer2(calls))
                .withBean("first", ProducerFactoryCustomizer.class, () -> new OrderedFactoryCustomizer1(calls))
                .withBean(KafkaTemplateCustomizer.class, () -> template -> template.setDefaultTopic("orders"))
                .run(context -> {
                    assertThat(calls).containsExactly("first", "second");
                    assertThat(factory(context).getConfigurationProperties()).containsEntry("batch.size", 42);
                    assertThat(context.getBean(KafkaTemplate.class).getDefaultTopic()).isEqualTo("orders");
                });
    }

    @Test
    void backsOffForTheApplicationsBeans() {
        DefaultKafkaProducerFactory<String, String> own = new DefaultKafkaProducerFactory<>(Map.of());
        runner.withBean("myFactory", ProducerFactory.class, () -> own).run(context -> {
            assertThat(context).getBeans(ProducerFactory.class).containsOnlyKeys("myFactory");
            assertThat(context.getBean(KafkaTemplate.class).getProducerFactory()).isSameAs(own);
        });
        KafkaTemplate<String, String> template = new KafkaTemplate<>(own);
        runner.withBean("myTemplate", KafkaTemplate.class, () -> template).run(context ->
                assertThat(context).getBeans(KafkaTemplate.class).containsOnlyKeys("myTemplate"));
    }

    @Test
    void absentWithoutSpringKafka() {
        runner.withClassLoader(new FilteredClassLoader(KafkaTemplate.class)).run(context ->
                assertThat(context).doesNotHaveBean(ProducerFactory.class).doesNotHaveBean("kafkaTemplate"));
    }

    @Test
    void springBootsKafkaAutoConfigurationBacksOff() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class,
                        TributaryAutoConfiguration.class, TributaryProducerAutoConfiguration.class,
                        TributaryTopicAutoConfiguration.class))
                .withPropertyValues("spring.kafka.bootstrap-servers=boot:1", "tributary.bootstrap-servers=ours:2")
                .run(context -> {
                    assertThat(context).hasSingleBean(ProducerFactory.class).hasSingleBean(KafkaTemplate.class)
                            .hasSingleBean(KafkaAdmin.class);
                    assertThat(factory(context).getConfigurationProperties())
                            .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "ours:2");
                    assertThat(context.getBean(KafkaAdmin.class)).isInstanceOf(DeclaredTopicsAdmin.class);
                });
    }

    @Test
    void invalidSettingsStopTheStartWithKafkasReason() {
        runner.withPropertyValues("tributary.producer.compression-type=brotli").run(context ->
                assertThat(context).getFailure()
                        .hasStackTraceContaining("Invalid Tributary producer settings: Invalid value brotli for "
                                + "configuration compression.type"));
        runner.withPropertyValues("tributary.producer.acks=1").run(context ->
                assertThat(context).getFailure()
                        .hasStackTraceContaining("tributary.producer.acks=all, not 1"));
    }

    @Test
    void kafkaTemplateOfAnyGenericsIsInjectable() {
        runner.withUserConfiguration(NeedsTypedTemplate.class).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(NeedsTypedTemplate.class));
    }

    static class NeedsTypedTemplate {
        NeedsTypedTemplate(KafkaTemplate<String, Purchase> template) {
        }
    }

    @Order(2)
    record OrderedFactoryCustomizer2(List<String> calls) implements ProducerFactoryCustomizer {
        @Override
        public void customize(DefaultKafkaProducerFactory<?, ?> factory) {
            calls.add("second");
            factory.updateConfigs(Map.of("batch.size", 42));
        }
    }

    @Order(1)
    record OrderedFactoryCustomizer1(List<String> calls) implements ProducerFactoryCustomizer {
        @Override
        public void customize(DefaultKafkaProducerFactory<?, ?> factory) {
            calls.add("first");
        }
    }

    @SuppressWarnings("unchecked")
    private static DefaultKafkaProducerFactory<String, Object> factory(
            org.springframework.context.ApplicationContext context) {
        return context.getBean(DefaultKafkaProducerFactory.class);
    }

    @SuppressWarnings("unchecked")
    private static String serialize(DefaultKafkaProducerFactory<String, Object> factory, RecordHeaders headers,
                                    Object value) {
        // as the factory does for each producer it creates
        Serializer<Object> serializer = factory.getValueSerializer();
        serializer.configure(factory.getConfigurationProperties(), false);
        return new String(serializer.serialize("orders", headers, value), StandardCharsets.UTF_8);
    }
}
