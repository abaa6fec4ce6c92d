package io.tributary.spring.autoconfigure.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.boot.diagnostics.FailureAnalyzer;

class DeclaredTopicsFailureAnalyzerTest {

    @Test
    void namesEveryRefusedTopicWithItsReason() {
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("orders", "InvalidReplicationFactorException: too few brokers");
        reasons.put("payments", "it has 6 partitions, more than the 3 declared, and partitions are never removed");
        Throwable failure = new BeanCreationException("kafkaAdmin", "start-up",
                new DeclaredTopicsRefusedException(reasons));

        FailureAnalysis analysis = new DeclaredTopicsFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription())
                .contains("- orders: InvalidReplicationFactorException: too few brokers")
                .contains("- payments: it has 6 partitions, more than the 3 declared");
        assertThat(analysis.getAction()).contains("tributary.topics.fail-fast=false");
    }

    @Test
    void registeredForSpringBootsFailureReport() {
        // Boot's own analyzers need a bean factory to be built; only whether ours is listed matters here
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class, null,
                        SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> { })))
                .anyMatch(DeclaredTopicsFailureAnalyzer.class::isInstance);
    }
}
