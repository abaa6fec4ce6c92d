package io.tributary.e2e.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.tributary.e2e.support.RawKafkaConnection;

/**
 * Runs a {@link FuzzPlan}: prepares the fuzz topics, builds each target's {@link SeedCatalog} from its own
 * ApiVersions answer, starts {@code workersPerTarget} {@link FuzzWorker}s per target and a {@link LivenessProbe},
 * and reports. Worker {@code i} draws its frames from {@code seed + i * golden ratio}, so a seed replays a run.
 */
public final class Fuzzer {

    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(10);
    private static final long SEED_STRIDE = 0x9E3779B97F4A7C15L;
    /** Probes failed in a row (each waits up to 10 s): a node that answers no one for half a minute ends the run. */
    private static final int FAILED_PROBES_TO_ABORT = 3;

    private Fuzzer() {
    }

    public static FuzzReport run(FuzzPlan plan, Consumer<String> progress) {
        SeedContext context = FuzzTopics.prepare(plan.targets().get(0));
        Map<FuzzTarget, SeedCatalog> catalogs = new HashMap<>();
        for (FuzzTarget target : plan.targets()) {
            try (RawKafkaConnection connection = RawKafkaConnection.open(target.host(), target.port(),
                    PROBE_DEADLINE)) {
                SeedCatalog catalog = SeedCatalog.build(connection.apiVersions(), context);
                catalogs.put(target, catalog);
                progress.accept(target + ": " + catalog.keys().size() + " APIs, " + catalog.size() + " seeds");
            }
        }
        int workerCount = plan.targets().size() * plan.workersPerTarget();
        FuzzStats stats = new FuzzStats();
        AtomicReference<String> abort = new AtomicReference<>();
        List<FuzzWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workerCount; i++) {
            FuzzTarget target = plan.targets().get(i % plan.targets().size());
            long share = plan.frames() / workerCount + (i < plan.frames() % workerCount ? 1 : 0);
            FuzzWorker worker = new FuzzWorker(target, catalogs.get(target), (int) share, plan.seed() + i * SEED_STRIDE,
                    stats, plan.shortWait(), plan.longWait(), abort);
            workers.add(worker);
            Thread thread = new Thread(worker, "fuzz-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        long start = System.nanoTime();
        long end = start + plan.deadline().toNanos();
        try (LivenessProbe probe = new LivenessProbe(plan.targets(), context.liveTopic(), PROBE_DEADLINE)) {
            probe.start(PROBE_INTERVAL);
            threads.forEach(Thread::start);
            long nextProgress = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (Thread thread : threads) {
                while (thread.isAlive()) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        abort.compareAndSet(null, "the run's deadline of " + plan.deadline() + " passed");
                    }
                    if (probe.consecutiveFailures() >= FAILED_PROBES_TO_ABORT) {
                        abort.compareAndSet(null, probe.consecutiveFailures() + " liveness probes in a row failed");
                    }
                    if (now >= nextProgress) {
                        progress.accept(String.format("%d frames sent, %.0f/s", stats.total(),
                                stats.total() / ((now - start) / 1e9)));
                        nextProgress = now + Duration.ofSeconds(10).toNanos();
                    }
                    join(thread, Duration.ofMillis(500));
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            long sent = workers.stream().mapToLong(FuzzWorker::sent).sum();
            return FuzzReport.of(plan, sent, elapsed, stats, probe, abort.get());
        }
    }

    private static void join(Thread thread, Duration wait) {
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fuzzing", e);
        }
    }
}
