package io.tributary.spring.test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import io.tributary.spring.autoconfigure.TributaryConnectionDetails;

/**
 * Points one test context at the JVM's embedded Tributary: the connection details and the
 * {@code tributary.embedded.bootstrap-servers} property wait for the cluster and the annotation's topics, so the
 * context is built while the cluster starts, and the refreshed context waits for both before any test runs. Equal
 * for equal annotations, so Spring caches and reuses contexts as it does without it.
 */
final class EmbeddedTributaryContextCustomizer implements ContextCustomizer {

    static final String BEAN_NAME = "embeddedTributaryConnectionDetails";

    private final Set<String> topics;
    private final int partitions;

    EmbeddedTributaryContextCustomizer(EmbeddedTributary annotation) {
        if (annotation.partitions() < 1) {
            throw new IllegalArgumentException("@EmbeddedTributary(partitions = " + annotation.partitions()
                    + "): a topic has at least one partition");
        }
        this.topics = new TreeSet<>(List.of(annotation.topics()));
        this.partitions = annotation.partitions();
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        EmbeddedTributaryReady ready = new EmbeddedTributaryReady(topics, partitions);
        context.getEnvironment().getPropertySources().addFirst(new EmbeddedTributaryPropertySource(ready));
        TributaryConnectionDetails details = ready::bootstrapServerList;
        if (context instanceof BeanDefinitionRegistry registry) {
            registry.registerBeanDefinition(BEAN_NAME, new RootBeanDefinition(TributaryConnectionDetails.class, () -> details));
        } else {
            context.getBeanFactory().registerSingleton(BEAN_NAME, details);
        }
        context.addApplicationListener((ApplicationListener<ApplicationEvent>) event -> {
            if (event instanceof ContextRefreshedEvent) {
                ready.bootstrapServers();
            }
        });
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
