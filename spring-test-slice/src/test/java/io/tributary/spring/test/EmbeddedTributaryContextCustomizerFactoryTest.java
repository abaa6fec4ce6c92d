package io.tributary.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextCustomizer;

/** Spring caches a test context by its customizers: equal annotations must give equal customizers. */
class EmbeddedTributaryContextCustomizerFactoryTest {

    private final EmbeddedTributaryContextCustomizerFactory factory = new EmbeddedTributaryContextCustomizerFactory();

    @EmbeddedTributary(topics = {"a", "b"}, partitions = 2)
    static class TopicsAB {
    }

    @EmbeddedTributary(topics = {"b", "a"}, partitions = 2)
    static class TopicsBA {
    }

    @EmbeddedTributary(topics = {"a", "b"}, partitions = 3)
    static class MorePartitions {
    }

    @EmbeddedTributary(topics = "a")
    static class TopicA {
    }

    static class Subclass extends TopicsAB {
    }

    static class NotAnnotated {
    }

    @Test
    void theSameTopicsAndPartitionsShareAContextWhateverTheOrder() {
        assertThat(customizer(TopicsAB.class)).isEqualTo(customizer(TopicsBA.class))
                .hasSameHashCodeAs(customizer(TopicsBA.class))
                .isEqualTo(customizer(Subclass.class));
    }

    @Test
    void otherTopicsOrPartitionsMakeAnotherContext() {
        assertThat(customizer(TopicsAB.class)).isNotEqualTo(customizer(MorePartitions.class))
                .isNotEqualTo(customizer(TopicA.class));
    }

    @Test
    void aClassWithoutTheAnnotationIsLeftAlone() {
        assertThat(customizer(NotAnnotated.class)).isNull();
    }

    private ContextCustomizer customizer(Class<?> testClass) {
        return factory.createContextCustomizer(testClass, List.of());
    }
}
