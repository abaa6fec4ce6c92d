package io.tributary.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import io.tributary.spring.autoconfigure.TributaryConnectionDetails;

/** A second test context (other topics, other properties): the same cluster, its own topics ready. */
@SpringBootTest(classes = TestApplication.class, properties = "spring.application.name=another")
@EmbeddedTributary(topics = "payments")
class AnotherContextTest {

    @Autowired
    TributaryConnectionDetails connection;

    @Autowired
    TestApplication.TopicsAtStartup topicsAtStartup;

    @Autowired
    ApplicationContext context;

    @Value("${tributary.embedded.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void seesTheSameClusterAsEveryOtherContext() {
        assertThat(ClustersSeen.add(bootstrapServers)).containsExactly(bootstrapServers);
        assertThat(connection.getBootstrapServers()).containsExactly(SharedEmbeddedTributary.cluster().bootstrapServers());
    }

    @Test
    void itsTopicHasTheDefaultSinglePartitionBeforeAnyBeanReachesTheCluster() {
        assertThat(topicsAtStartup.partitions()).containsEntry("payments", 1);
    }

    @Test
    void exactlyOneConnectionDetailsBeanReplacesTheProperties() {
        assertThat(context.getBeansOfType(TributaryConnectionDetails.class)).containsOnlyKeys(
                EmbeddedTributaryContextCustomizer.BEAN_NAME);
    }
}
