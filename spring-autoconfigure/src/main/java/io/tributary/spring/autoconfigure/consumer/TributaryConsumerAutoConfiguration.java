package io.tributary.spring.autoconfigure.consumer;

import java.util.HashMap;
import java.util.Map;

import io.tributary.spring.autoconfigure.TributaryAutoConfiguration;
import io.tributary.spring.autoconfigure.TributaryClientConfig;
import io.tributary.spring.autoconfigure.TributaryProperties;
import io.tributary.spring.autoconfigure.consumer.batch.ConversionFailingBatchMessageConverter;
import io.tributary.spring.autoconfigure.consumer.batch.ConversionFailureListenerContainerFactory;
import io.tributary.spring.autoconfigure.consumer.error.DeadLetterTopicRecoverer;
import io.tributary.spring.autoconfigure.consumer.error.RetryingErrorHandlers;
import io.tributary.spring.autoconfigure.consumer.json.ParameterTypeJsonMessageConverter;
import io.tributary.spring.autoconfigure.consumer.shutdown.GracefulListenerShutdown;
import io.tributary.lag.GroupLagReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerConfigUtils;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.JacksonMapperUtils;
import org.springframework.kafka.support.converter.BatchMessageConverter;
import org.springframework.kafka.support.converter.RecordMessageConverter;

/**
 * {@code @KafkaListener} methods over Tributary: a consumer factory and the {@code kafkaListenerContainerFactory} from
 * {@code tributary.consumer.*}, JSON values read as the listener's parameter type, retries then the dead-letter topic,
 * and a shutdown that lets listeners finish and commit. Runs before Spring Boot's own Kafka auto-configuration, whose
 * listener beans then back off. Conditional on consumer-lag, which only the consumer starter brings: an application
 * with the producer starter alone gets no listener beans.
 */
@AutoConfiguration(after = TributaryAutoConfiguration.class,
        beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass({ConcurrentKafkaListenerContainerFactory.class, JsonMapper.class, GroupLagReader.class})
public final class TributaryConsumerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ConsumerFactory.class)
    DefaultKafkaConsumerFactory<Object, Object> kafkaConsumerFactory(TributaryClientConfig clientConfig,
                                                                     TributaryProperties properties) {
        return new DefaultKafkaConsumerFactory<>(clientConfig.forClient("consumer",
                ListenerConsumerConfig.of(properties.getConsumer())));
    }

    @Bean
    @ConditionalOnMissingBean(RecordMessageConverter.class)
    ParameterTypeJsonMessageConverter tributaryRecordMessageConverter(ObjectProvider<JsonMapper> jsonMapper,
                                                                      TributaryProperties properties,
                                                                      ResourceLoader resourceLoader) {
        return new ParameterTypeJsonMessageConverter(
                jsonMapper.getIfUnique(JacksonMapperUtils::enhancedJsonMapper),
                properties.getConsumer().getJson().getTrustedPackages(), resourceLoader.getClassLoader());
    }

    @Bean
    @ConditionalOnMissingBean(BatchMessageConverter.class)
    ConversionFailingBatchMessageConverter tributaryBatchMessageConverter(
            RecordMessageConverter recordMessageConverter) {
        return new ConversionFailingBatchMessageConverter(recordMessageConverter);
    }

    @Bean
    @ConditionalOnMissingBean(ConsumerRecordRecoverer.class)
    @ConditionalOnProperty(prefix = "tributary.consumer.dead-letter", name = "enabled", matchIfMissing = true)
    DeadLetterTopicRecoverer tributaryDeadLetterRecoverer(TributaryClientConfig clientConfig,
                                                          TributaryProperties properties) {
        Map<String, Object> producer = new HashMap<>(properties.getProducer().getProperties());
        return DeadLetterTopicRecoverer.create(clientConfig.forClient("dead-letter-producer", producer),
                clientConfig.forClient("dead-letter-admin", Map.of()),
                properties.getConsumer().getDeadLetter().getSuffix());
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    CommonErrorHandler tributaryListenerErrorHandler(TributaryProperties properties,
                                                     ObjectProvider<ConsumerRecordRecoverer> recoverer,
                                                     ResourceLoader resourceLoader) {
        return RetryingErrorHandlers.create(properties.getConsumer().getRetry(), recoverer.getIfUnique(),
                resourceLoader.getClassLoader());
    }

    @Bean
    @ConditionalOnMissingBean(name = "kafkaListenerContainerFactory")
    ConcurrentKafkaListenerContainerFactory<Object, Object> kafkaListenerContainerFactory(
            TributaryProperties properties, ConsumerFactory<?, ?> consumerFactory,
            ObjectProvider<RecordMessageConverter> recordMessageConverter,
            ObjectProvider<BatchMessageConverter> batchMessageConverter,
            ObjectProvider<CommonErrorHandler> errorHandler,
            ObjectProvider<ListenerContainerFactoryCustomizer> customizers) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory =
                new ConversionFailureListenerContainerFactory<>();
        factory.setConsumerFactory(anyTypes(consumerFactory));
        ListenerContainerSettings.apply(properties, factory);
        recordMessageConverter.ifUnique(factory::setRecordMessageConverter);
        batchMessageConverter.ifUnique(factory::setBatchMessageConverter);
        errorHandler.ifUnique(factory::setCommonErrorHandler);
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    @Bean
    @ConditionalOnMissingBean
    GracefulListenerShutdown tributaryGracefulListenerShutdown(
            KafkaListenerEndpointRegistry registry,
            TributaryProperties properties) {
        return new GracefulListenerShutdown(registry, properties.getConsumer().getShutdownTimeout());
    }

    @SuppressWarnings("unchecked")
    private static ConsumerFactory<Object, Object> anyTypes(ConsumerFactory<?, ?> consumerFactory) {
        // the listener adapters decide the types per method; the factory only hands the consumer over
        return (ConsumerFactory<Object, Object>) consumerFactory;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableKafka
    @ConditionalOnMissingBean(name = KafkaListenerConfigUtils.KAFKA_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME)
    static class EnableKafkaConfiguration {
    }
}
