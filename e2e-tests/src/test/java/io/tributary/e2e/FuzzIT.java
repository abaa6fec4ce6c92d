package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.e2e.fuzz.FuzzPlan;
import io.tributary.e2e.fuzz.FuzzReport;
import io.tributary.e2e.fuzz.FuzzTarget;
import io.tributary.e2e.fuzz.Fuzzer;
import io.tributary.e2e.fuzz.ServiceCheck;
import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;

/**
 * A hostile client against a running standalone jar: at least 100,000 frames built from valid requests of every
 * API the broker and the coordinator advertise, mutated ({@code io.tributary.e2e.fuzz}), over many connections
 * to both ports. Replay a run with {@code -Dfuzz.seed=N} (and {@code -Dfuzz.frames=N} to change its length).
 * <p>
 * What the node must do, during and after (the fuzzer's {@link FuzzReport#survived()} states the first three):
 * <ul>
 *   <li>answer or close on every frame; only a request the protocol lets a node hold may go unanswered;</li>
 *   <li>answer every request read from an unmutated seed, and every readable request with a response to it;</li>
 *   <li>answer a well-behaved client on each port (ApiVersions and Metadata, each within 10 s) every second;</li>
 *   <li>stay alive, without an OutOfMemoryError, its live heap after collection under half its 512 MiB and its
 *       time in garbage collection under half;</li>
 *   <li>afterwards serve producers, consumers in groups and topic creation through either port, and hold only
 *       batches a consumer can read;</li>
 *   <li>give back every record and committed offset stored before the run, byte for byte.</li>
 * </ul>
 */
class FuzzIT {

    private static final Logger LOG = LoggerFactory.getLogger(FuzzIT.class);
    private static final long FRAMES = Long.getLong("fuzz.frames", 100_000);
    private static final int WORKERS_PER_PORT = 8;
    private static final long HEAP_BYTES = 512L << 20;

    @TempDir
    Path dataDir;

    @Test
    void mutatedFramesOfEveryApiLeaveTheNodeServingAndItsDataIntact() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        LOG.info("fuzz seed {} (replay with -Dfuzz.seed={})", seed, seed);
        int httpPort = Ports.free();
        try (TributaryProcess node = TributaryProcess.startStandalone(dataDir, "--server.port=" + httpPort)) {
            List<FuzzTarget> targets = List.of(new FuzzTarget("broker", "127.0.0.1", node.kafkaPort()),
                    new FuzzTarget("coordinator", "127.0.0.1", node.coordinatorPort()));
            PreservedData preserved = PreservedData.store(node.bootstrap(), seed);

            FuzzReport report;
            HeapSampler heap = new HeapSampler(httpPort).start();
            try {
                report = Fuzzer.run(FuzzPlan.of(targets, FRAMES, seed, WORKERS_PER_PORT, Duration.ofMinutes(4)),
                        LOG::info);
            } finally {
                heap.close();
            }
            LOG.info("{}\n{}", report.summary(), heap);

            assertThat(report.survived()).as(report.summary()).isTrue();
            assertThat(report.sent()).as("frames sent").isGreaterThanOrEqualTo(FRAMES);
            assertThat(node.isAlive()).as("the node is alive").isTrue();
            assertThat(node.logTail(Integer.MAX_VALUE)).as("the node's log").doesNotContain("OutOfMemoryError");
            assertThat(heap.samples()).as("heap samples taken during the run").isPositive();
            assertThat(heap.maxLiveDataBytes()).as("live heap after collection (%s)", heap)
                    .isLessThan(HEAP_BYTES / 2);
            assertThat(heap.maxGcOverhead()).as("share of time in garbage collection (%s)", heap).isLessThan(0.5);

            assertThat(ServiceCheck.servingProblems(targets, "created-after-fuzzing")).as("what still works").isEmpty();
            assertThat(ServiceCheck.readBackProblems(targets.get(0))).as("what the node accepted").isEmpty();
            preserved.assertRecordsReadBack(node.bootstrap());
            preserved.assertOffsetsReadBack("127.0.0.1:" + node.coordinatorPort());
        }
    }
}
