package io.tributary.spring.autoconfigure.producer;

import java.util.Map;

import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.JacksonMapperUtils;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

import io.tributary.spring.autoconfigure.TributaryAutoConfiguration;
import io.tributary.spring.autoconfigure.TributaryClientConfig;
import io.tributary.spring.autoconfigure.TributaryProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link KafkaTemplate} with String keys and JSON values (Jackson 3) over a producer factory with safe defaults
 * (idempotent, acks=all). Runs before Spring Boot's own Kafka auto-configuration, whose template and factory then
 * back off, so an application that has both gets one of each, ours.
 */
@AutoConfiguration(after = TributaryAutoConfiguration.class,
        beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass({KafkaTemplate.class, JsonMapper.class})
public final class TributaryProducerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ProducerFactory.class)
    DefaultKafkaProducerFactory<?, ?> kafkaProducerFactory(TributaryClientConfig clientConfig,
                                                   TributaryProperties properties,
                                                   ObjectProvider<JsonMapper> jsonMapper,
                                                   ObjectProvider<ProducerFactoryCustomizer> customizers) {
        TributaryProperties.Producer producer = properties.getProducer();
        Map<String, Object> config = clientConfig.forClient("producer", ProducerSettings.of(producer));
        ProducerSettings.validate(config);
        // the application's mapper (Boot's Jackson auto-configuration) when it has one, so values are written as
        // its REST endpoints write them
        JsonMapper mapper = jsonMapper.getIfUnique(JacksonMapperUtils::enhancedJsonMapper);
        DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(config,
                StringSerializer::new, () -> new JacksonJsonSerializer<>(mapper));
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    @Bean
    @ConditionalOnMissingBean(KafkaTemplate.class)
    KafkaTemplate<?, ?> kafkaTemplate(ProducerFactory<Object, Object> kafkaProducerFactory,
                                      TributaryProperties properties,
                                      ObjectProvider<KafkaTemplateCustomizer> customizers) {
        KafkaTemplate<Object, Object> template = new KafkaTemplate<>(kafkaProducerFactory);
        template.setObservationEnabled(properties.getObservation().isEnabled());
        customizers.orderedStream().forEach(customizer -> customizer.customize(template));
        return template;
    }
}
