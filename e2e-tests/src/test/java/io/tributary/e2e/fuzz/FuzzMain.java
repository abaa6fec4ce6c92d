package io.tributary.e2e.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fuzzer as a program, for the benchmark ({@code bench/fuzz.sh}) and for replaying a seed by hand against any
 * node:
 *
 * <pre>
 * java -cp e2e-tests/target/test-classes:CLASSPATH io.tributary.e2e.fuzz.FuzzMain \
 *     --target broker=127.0.0.1:9092 --target coordinator=127.0.0.1:9093 --frames 1000000 --seed 42 [--workers 12]
 * </pre>
 *
 * It prints the report, then checks that the node still serves and that what it accepted reads back
 * ({@link ServiceCheck}), and exits with 0 if all three hold, 1 if not.
 */
public final class FuzzMain {

    private FuzzMain() {
    }

    public static void main(String[] args) {
        List<FuzzTarget> targets = new ArrayList<>();
        long frames = 100_000;
        long seed = System.nanoTime();
        int workers = 12;
        long deadlineSeconds = 3600;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--target" -> targets.add(FuzzTarget.parse(args[++i]));
                case "--frames" -> frames = Long.parseLong(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--deadline-seconds" -> deadlineSeconds = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one --target name=host:port");
        }
        FuzzPlan plan = FuzzPlan.of(targets, frames, seed, workers, Duration.ofSeconds(deadlineSeconds));
        System.out.println("fuzzing " + targets + " with seed " + seed);
        FuzzReport report = Fuzzer.run(plan, line -> System.out.println("  " + line));
        System.out.println(report.summary());
        List<String> serving = ServiceCheck.servingProblems(targets, "fuzz-after-" + Long.toUnsignedString(seed, 36));
        System.out.println(serving.isEmpty() ? "serves afterwards: yes (ApiVersions, Metadata, create topic,"
                + " produce and consume in a group via every target)" : "serves afterwards: NO: " + serving);
        List<String> readBack = ServiceCheck.readBackProblems(targets.get(0));
        System.out.println(readBack.isEmpty() ? "accepted records read back: yes"
                : "accepted records read back: NO: " + readBack);
        System.out.println("per API and outcome:");
        report.perApi().forEach(line -> System.out.println("  " + line));
        System.exit(report.survived() && serving.isEmpty() && readBack.isEmpty() ? 0 : 1);
    }
}
