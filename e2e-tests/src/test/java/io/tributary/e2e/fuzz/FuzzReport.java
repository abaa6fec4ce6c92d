package io.tributary.e2e.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a fuzz run found. {@link #survived()} is the verdict: every frame sent, no finding, every liveness probe
 * answered, and the run not cut short.
 *
 * @param abortReason why the run stopped early (a node refused connections, the deadline passed), or null
 */
public record FuzzReport(FuzzPlan plan, long sent, Duration elapsed, Map<FrameOutcome, Long> outcomes,
        long findings, List<String> findingDetails, long unmutated, long unmutatedAnswered, long connections,
        long probes, Duration slowestProbe, List<String> probeFailures, String abortReason, List<String> perApi) {

    static FuzzReport of(FuzzPlan plan, long sent, Duration elapsed, FuzzStats stats, LivenessProbe probe,
            String abortReason) {
        return new FuzzReport(plan, sent, elapsed, stats.outcomes(), stats.findingCount(), stats.findings(),
                stats.unmutated(), stats.unmutatedAnswered(), stats.connections(), probe.probes(), probe.slowest(),
                probe.failures(), abortReason, stats.perApi());
    }

    public boolean survived() {
        return abortReason == null && sent >= plan.frames() && findings == 0 && probeFailures.isEmpty()
                && unmutatedAnswered == unmutated;
    }

    public double framesPerSecond() {
        return sent / Math.max(0.001, elapsed.toMillis() / 1000.0);
    }

    /** Several lines for a log or a failure message: the verdict, the counts, and every finding kept. */
    public String summary() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("fuzz seed %d: %d of %d frames to %s in %.1f s (%.0f frames/s) over %d connections;"
                        + " %s", plan.seed(), sent, plan.frames(), plan.targets(), elapsed.toMillis() / 1000.0,
                framesPerSecond(), connections, survived() ? "SURVIVED" : "DID NOT SURVIVE"));
        lines.add("outcomes: " + outcomes);
        lines.add("unmutated seeds answered (or held as the protocol allows): " + unmutatedAnswered + " of " + unmutated);
        lines.add("liveness probes: " + probes + " answered, slowest " + slowestProbe.toMillis() + " ms, "
                + probeFailures.size() + " failed" + (probeFailures.isEmpty() ? "" : ": " + probeFailures));
        if (abortReason != null) {
            lines.add("run stopped early: " + abortReason);
        }
        if (findings > 0) {
            lines.add(findings + " findings; the first ones:");
            findingDetails.forEach(finding -> lines.add("  " + finding));
        }
        lines.add("replay: -Dfuzz.seed=" + plan.seed() + " -Dfuzz.frames=" + plan.frames());
        return String.join("\n", lines);
    }
}
