package io.tributary.spring.test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestContextManager;

/** A topic the cluster refuses fails the test context with the cluster's reason, not with a timeout later. */
class RefusedTopicTest {

    @SpringBootTest(classes = TestApplication.class)
    @EmbeddedTributary(topics = "not a topic name")
    static class AskingForAnIllegalTopic {
    }

    @Test
    void theContextFailsNamingTheTopicAndTheReason() {
        TestContextManager manager = new TestContextManager(AskingForAnIllegalTopic.class);
        assertThatThrownBy(() -> manager.getTestContext().getApplicationContext())
                .hasStackTraceContaining("did not create topic 'not a topic name'")
                .hasStackTraceContaining("is illegal");
    }
}
