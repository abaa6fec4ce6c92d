package io.tributary.spring.autoconfigure.topic;

import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Spring Boot's "APPLICATION FAILED TO START" report for refused topics: one line per topic, and what to do. */
class DeclaredTopicsFailureAnalyzer extends AbstractFailureAnalyzer<DeclaredTopicsRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DeclaredTopicsRefusedException cause) {
        String description = "The Tributary cluster refused topics the application declares as NewTopic beans:\n"
                + cause.reasons().entrySet().stream()
                        .map(e -> "    - " + e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining("\n"));
        String action = "Change the NewTopic beans to what the cluster accepts (partitions can only be raised, the "
                + "replication factor cannot exceed the brokers, configs must be valid topic configs), or set "
                + "tributary.topics.fail-fast=false to start without them.";
        return new FailureAnalysis(description, action, cause);
    }
}
