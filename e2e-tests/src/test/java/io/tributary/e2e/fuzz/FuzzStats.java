package io.tributary.e2e.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of outcomes, overall and per API of the seed, and the first findings in full. Thread-safe. */
final class FuzzStats {

    private static final int MAX_FINDINGS_KEPT = 20;

    private final Map<FrameOutcome, LongAdder> outcomes = new EnumMap<>(FrameOutcome.class);
    private final Map<String, LongAdder> perApi = new ConcurrentHashMap<>();
    private final LongAdder unmutatedAnswered = new LongAdder();
    private final LongAdder unmutated = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final List<String> findings = new ArrayList<>();

    FuzzStats() {
        for (FrameOutcome outcome : FrameOutcome.values()) {
            outcomes.put(outcome, new LongAdder());
        }
    }

    void record(FuzzFrame frame, FrameOutcome outcome, String detail) {
        outcomes.get(outcome).increment();
        perApi.computeIfAbsent(frame.seed().key().name + " " + outcome, k -> new LongAdder()).increment();
        if (frame.mutation().equals("none")) {
            unmutated.increment();
            if (outcome == FrameOutcome.ANSWERED || outcome == FrameOutcome.HELD) {
                unmutatedAnswered.increment();
            }
        }
        if (outcome.finding()) {
            synchronized (findings) {
                if (findings.size() < MAX_FINDINGS_KEPT) {
                    findings.add(outcome + " (" + detail + "): " + frame.describe());
                }
            }
        }
    }

    void connected() {
        connections.increment();
    }

    long count(FrameOutcome outcome) {
        return outcomes.get(outcome).sum();
    }

    long total() {
        return outcomes.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long findingCount() {
        return count(FrameOutcome.UNANSWERED) + count(FrameOutcome.MALFORMED_ANSWER);
    }

    long unmutated() {
        return unmutated.sum();
    }

    /** Unmutated seeds that got a response, or that the node was allowed to hold. */
    long unmutatedAnswered() {
        return unmutatedAnswered.sum();
    }

    long connections() {
        return connections.sum();
    }

    List<String> findings() {
        synchronized (findings) {
            return List.copyOf(findings);
        }
    }

    Map<FrameOutcome, Long> outcomes() {
        Map<FrameOutcome, Long> counts = new EnumMap<>(FrameOutcome.class);
        outcomes.forEach((outcome, count) -> counts.put(outcome, count.sum()));
        return counts;
    }

    /** "API OUTCOME count" lines, sorted. */
    List<String> perApi() {
        List<String> lines = new ArrayList<>();
        perApi.forEach((key, count) -> lines.add(key + " " + count.sum()));
        lines.sort(null);
        return lines;
    }
}
