package io.tributary.spring.test;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Spring's test-context hook for {@link EmbeddedTributary}: registered in {@code META-INF/spring.factories}. */
final class EmbeddedTributaryContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        EmbeddedTributary annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedTributary.class);
        return annotation == null ? null : new EmbeddedTributaryContextCustomizer(annotation);
    }
}
