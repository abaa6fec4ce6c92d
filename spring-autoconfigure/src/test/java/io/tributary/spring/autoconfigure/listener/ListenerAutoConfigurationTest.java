package io.tributary.spring.autoconfigure.listener;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

import io.tributary.spring.autoconfigure.TributaryAutoConfiguration;
import io.tributary.spring.autoconfigure.consumer.ListenerContainerFactoryCustomizer;
import io.tributary.spring.autoconfigure.consumer.TributaryConsumerAutoConfiguration;
import io.tributary.spring.autoconfigure.listener.endpoint.ListenersEndpoint;
import io.tributary.spring.autoconfigure.listener.endpoint.ListenersEndpointWebExtension;
import io.tributary.spring.autoconfigure.listener.health.ListenersHealthContributor;
import io.tributary.spring.autoconfigure.listener.lag.ListenerLag;
import io.tributary.spring.autoconfigure.listener.seek.PendingSeeks;

class ListenerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TributaryAutoConfiguration.class,
                    TributaryConsumerAutoConfiguration.class, ListenerOperationsAutoConfiguration.class,
                    ListenersEndpointAutoConfiguration.class, ListenersHealthAutoConfiguration.class))
            .withUserConfiguration(Listeners.class)
            .withPropertyValues("tributary.bootstrap-servers=127.0.0.1:1");

    private final ApplicationContextRunner exposed = runner
            .withPropertyValues("management.endpoints.web.exposure.include=kafkalisteners");

    @Test
    void theEndpointIsThereWhenExposedAndAnswersForTheApplicationsListeners() {
        exposed.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ListenersEndpoint.class)
                    .hasSingleBean(ListenersEndpointWebExtension.class);
            assertThat(context.getBean(ListenersEndpoint.class).listeners().listeners())
                    .singleElement().satisfies(listener -> {
                        assertThat(listener.id()).isEqualTo("orders");
                        assertThat(listener.groupId()).isEqualTo("shop");
                        assertThat(listener.running()).isFalse();
                        assertThat(listener.topics()).containsExactly("orders");
                        assertThat(listener.partitions()).isEmpty();
                        assertThat(listener.lag()).isNull();
                        assertThat(listener.lagSeconds()).isNull();
                    });
        });
    }

    @Test
    void theEndpointIsNotThereUnlessExposedAsActuatorEndpointsAreNot() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ListenersEndpoint.class)
                .hasSingleBean(ListenerLag.class));
    }

    @Test
    void withoutActuatorTheListenersAreLeftAsTheConsumerStarterMadeThem() {
        exposed.withClassLoader(new FilteredClassLoader(Endpoint.class, HealthContributor.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ListenersEndpoint.class)
                    .doesNotHaveBean(ListenersHealthContributor.class).doesNotHaveBean(ListenerLag.class)
                    .doesNotHaveBean(PendingSeeks.class);
            assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getRecordInterceptor())
                    .isNull();
        });
    }

    @Test
    void healthAloneNeedsNoEndpoint() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class)).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(ListenersHealthContributor.class)
                        .doesNotHaveBean(PendingSeeks.class));
    }

    @Test
    void withoutSpringKafkasListenersNothingIsConfigured() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TributaryAutoConfiguration.class,
                        ListenerOperationsAutoConfiguration.class, ListenersEndpointAutoConfiguration.class,
                        ListenersHealthAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=kafkalisteners")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ListenerLag.class)
                        .doesNotHaveBean(ListenersEndpoint.class).doesNotHaveBean(ListenersHealthContributor.class));
    }

    @Test
    void eachListenerHasAHealthIndicatorThatIsDownWhileItsContainerIsNotRunning() {
        runner.run(context -> {
            ListenersHealthContributor contributor = context.getBean(ListenersHealthContributor.class);
            assertThat(contributor.stream()).singleElement().satisfies(entry -> {
                assertThat(entry.name()).isEqualTo("orders");
                Health health = ((HealthIndicator) entry.contributor()).health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails()).containsEntry("running", false).containsEntry("groupId", "shop")
                        .doesNotContainKey("maxLagSeconds");
            });
            assertThat(contributor.getContributor("payments")).isNull();
        });
    }

    @Test
    void healthCanBeTurnedOff() {
        runner.withPropertyValues("tributary.consumer.health.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ListenersHealthContributor.class)
                        .hasSingleBean(ListenerLag.class));
    }

    @Test
    void theLagThresholdIsTheOneEachIndicatorApplies() {
        runner.withPropertyValues("tributary.consumer.health.max-lag=90s").run(context -> {
            Health health = ((HealthIndicator) context.getBean(ListenersHealthContributor.class)
                    .getContributor("orders")).health();
            assertThat(health.getDetails()).containsEntry("maxLagSeconds", 90.0);
        });
    }

    @Test
    void settingsOutOfTheirRangeStopTheStartNamingTheSetting() {
        runner.withPropertyValues("tributary.consumer.health.max-lag=0s").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("tributary.consumer.health.max-lag"));
        runner.withPropertyValues("tributary.consumer.health.lag-cache-time=-1s").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("tributary.consumer.health.lag-cache-time"));
        runner.withPropertyValues("tributary.consumer.operations.timeout=0s").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("tributary.consumer.operations.timeout"));
        runner.withPropertyValues("tributary.consumer.operations.lag-readers=0").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("tributary.consumer.operations.lag-readers"));
    }

    @Test
    void theSeekInterceptorIsOnTheFactoryAfterTheInterceptorAlreadyThere() {
        exposed.withBean("auditInterceptor", ListenerContainerFactoryCustomizer.class,
                () -> factory -> factory.setRecordInterceptor(new Audit())).run(context -> {
                    ConcurrentKafkaListenerContainerFactory<?, ?> factory =
                            context.getBean(ConcurrentKafkaListenerContainerFactory.class);
                    assertThat(factory.getRecordInterceptor()).isInstanceOf(CompositeRecordInterceptor.class);
                    assertThat(factory.getRecordInterceptor()).extracting("delegates")
                            .asInstanceOf(InstanceOfAssertFactories.ITERABLE)
                            .hasExactlyElementsOfTypes(Audit.class, PendingSeeks.class);
                    assertThat(factory.getBatchInterceptor()).isSameAs(context.getBean(PendingSeeks.class));
                });
    }

    @Test
    void withoutAnotherInterceptorTheSeekInterceptorIsTheFactorysOwn() {
        exposed.run(context -> assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class)
                .getRecordInterceptor()).isSameAs(context.getBean(PendingSeeks.class)));
    }

    static final class Audit implements RecordInterceptor<Object, Object> {

        @Override
        public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
                                                        Consumer<Object, Object> consumer) {
            return record;
        }
    }

    /** An application's listener, not started: the tests need no cluster. */
    @Configuration(proxyBeanMethods = false)
    static class Listeners {

        @Bean
        OrdersListener ordersListener() {
            return new OrdersListener();
        }
    }

    static class OrdersListener {

        @KafkaListener(id = "orders", groupId = "shop", topics = "orders", autoStartup = "false")
        void on(String order) {
        }
    }
}
