package io.tributary.spring.autoconfigure.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaAdmin;

import io.tributary.spring.autoconfigure.TributaryAutoConfiguration;

/** Without a cluster: what the settings do to the admin, and a cluster that does not answer. */
class TributaryTopicAutoConfigurationTest {

    /** Nothing listens on port 1: the admin client is refused until its deadline. */
    private static final String NOBODY = "127.0.0.1:1";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TributaryAutoConfiguration.class,
                    TributaryTopicAutoConfiguration.class));

    @Test
    void theAdminUsesTheSharedClientSettings() {
        runner.withPropertyValues("tributary.bootstrap-servers=a:1", "tributary.client-id=shop",
                "tributary.properties.request.timeout.ms=1234", "tributary.topics.timeout=7s").run(context -> {
            KafkaAdmin admin = context.getBean(KafkaAdmin.class);
            assertThat(admin).isInstanceOf(DeclaredTopicsAdmin.class);
            assertThat(admin.getConfigurationProperties())
                    .containsEntry(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "a:1")
                    .containsEntry(AdminClientConfig.CLIENT_ID_CONFIG, "shop-admin")
                    .containsEntry("request.timeout.ms", "1234");
            assertThat(admin.getOperationTimeout()).isEqualTo(7);
        });
    }

    @Test
    void aClusterThatDoesNotAnswerStopsTheStartNamingItAndTheTopics() {
        long started = System.nanoTime();
        runner.withPropertyValues("tributary.bootstrap-servers=" + NOBODY, "tributary.topics.timeout=1s")
                .withBean("orders", NewTopic.class, () -> new NewTopic("orders", 3, (short) 1))
                .run(context -> assertThat(context).getFailure()
                        .hasMessageContaining("Tributary at " + NOBODY + " did not answer within 1000 ms "
                                + "(tributary.topics.timeout) to create the declared topics [orders]"));
        assertThat(System.nanoTime() - started).as("one deadline for the round").isLessThan(10_000_000_000L);
    }

    @Test
    void withoutFailFastTheApplicationStartsAnyway() {
        runner.withPropertyValues("tributary.bootstrap-servers=" + NOBODY, "tributary.topics.timeout=500ms",
                        "tributary.topics.fail-fast=false")
                .withBean("orders", NewTopic.class, () -> new NewTopic("orders", 3, (short) 1))
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void withCreateOffTheClusterIsNotAsked() {
        runner.withPropertyValues("tributary.bootstrap-servers=" + NOBODY, "tributary.topics.timeout=500ms",
                        "tributary.topics.create=false")
                .withBean("orders", NewTopic.class, () -> new NewTopic("orders", 3, (short) 1))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(KafkaAdmin.class));
    }

    @Test
    void noDeclaredTopicsNoQuestion() {
        runner.withPropertyValues("tributary.bootstrap-servers=" + NOBODY, "tributary.topics.timeout=500ms")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void backsOffForTheApplicationsAdmin() {
        runner.withBean("myAdmin", KafkaAdmin.class, () -> new KafkaAdmin(Map.of("bootstrap.servers", "x:1")))
                .withPropertyValues("tributary.topics.create=false")
                .run(context -> assertThat(context).getBeans(KafkaAdmin.class).containsOnlyKeys("myAdmin"));
    }

    @Test
    void absentWithoutSpringKafka() {
        runner.withClassLoader(new FilteredClassLoader(KafkaAdmin.class))
                .run(context -> assertThat(context).doesNotHaveBean("kafkaAdmin"));
    }
}
