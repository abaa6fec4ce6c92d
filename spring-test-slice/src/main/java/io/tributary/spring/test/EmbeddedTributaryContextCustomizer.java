package io.tributary.spring.test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import io.tributary.embedded.EmbeddedCluster;
import io.tributary.spring.autoconfigure.TributaryConnectionDetails;

/**
 * Points one test context at the JVM's embedded Tributary, creating the annotation's topics first. Equal for equal
 * annotations, so Spring caches and reuses contexts as it does without it.
 */
final class EmbeddedTributaryContextCustomizer implements ContextCustomizer {

    static final String BOOTSTRAP_PROPERTY = "tributary.embedded.bootstrap-servers";
    static final String BEAN_NAME = "embeddedTributaryConnectionDetails";

    private final Set<String> topics;
    private final int partitions;

    EmbeddedTributaryContextCustomizer(EmbeddedTributary annotation) {
        this.topics = new TreeSet<>(List.of(annotation.topics()));
        this.partitions = annotation.partitions();
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        EmbeddedCluster cluster = SharedEmbeddedTributary.cluster();
        if (!topics.isEmpty()) {
            cluster.createTopics(partitions, topics.toArray(String[]::new));
        }
        String bootstrapServers = cluster.bootstrapServers();
        context.getEnvironment().getPropertySources().addFirst(
                new MapPropertySource("embeddedTributary", Map.of(BOOTSTRAP_PROPERTY, bootstrapServers)));
        TributaryConnectionDetails details = () -> List.of(bootstrapServers);
        if (context instanceof BeanDefinitionRegistry registry) {
            RootBeanDefinition definition = new RootBeanDefinition(TributaryConnectionDetails.class, () -> details);
            registry.registerBeanDefinition(BEAN_NAME, definition);
        } else {
            context.getBeanFactory().registerSingleton(BEAN_NAME, details);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmbeddedTributaryContextCustomizer customizer
                && topics.equals(customizer.topics) && partitions == customizer.partitions;
    }

    @Override
    public int hashCode() {
        return 31 * topics.hashCode() + partitions;
    }
}
