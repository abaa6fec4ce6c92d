package io.tributary.e2e.fuzz;

import java.time.Duration;
import java.util.List;

/**
 * What one fuzz run does.
 *
 * @param targets           the listeners to fuzz; frames are split evenly between them
 * @param frames            how many frames in all
 * @param seed              the seed every worker's random stream derives from: the same seed, targets and workers
 *                          give the same frames
 * @param workersPerTarget  concurrent connections per target
 * @param shortWait         how long every frame waits for a reply before a request the node may hold is given up
 * @param longWait          how long any other frame waits before it counts as unanswered
 * @param deadline          the whole run's limit: workers stop when it passes
 */
public record FuzzPlan(List<FuzzTarget> targets, long frames, long seed, int workersPerTarget, Duration shortWait,
        Duration longWait, Duration deadline) {

    /** The waits used in CI and in the benchmark: 250 ms, then 15 s. */
    public static FuzzPlan of(List<FuzzTarget> targets, long frames, long seed, int workersPerTarget,
            Duration deadline) {
        return new FuzzPlan(targets, frames, seed, workersPerTarget, Duration.ofMillis(250), Duration.ofSeconds(15),
                deadline);
    }
}
