import java.lang.management.ManagementFactory;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContextManager;

/**
 * What TributaryStart and KafkaStart measure alike, so that both sides take the same steps on the same clock: the
 * time since main started (created first thing in main), printed as "result NAME MS" lines, and the "context" mode's
 * two test contexts loaded as JUnit loads them (Spring's TestContextManager), each with one record sent.
 */
final class StartBench {

    /** Sends one record to the topic through a producer on the address the test context was given. */
    interface Sender {
        void send(ApplicationContext context, String topic) throws Exception;
    }

    private final long mainStart = System.nanoTime();
    private final long jvmToMain = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();

    /** Prints the time since main started. */
    void print(String name) {
        print(name, mainStart);
    }

    /** The first test context and its record (topic bench-a), then a second test context (bench-b) and its record. */
    void contexts(Class<?> firstTest, Class<?> secondTest, Sender sender) throws Exception {
        ApplicationContext first = context(firstTest);
        print("first-context");
        sender.send(first, "bench-a");
        print("first-context-and-record");
        System.out.println("result jvm-to-first-record " + (jvmToMain + elapsed(mainStart)));
        long secondStart = System.nanoTime();
        sender.send(context(secondTest), "bench-b");
        print("second-context-and-record", secondStart);
    }

    private static ApplicationContext context(Class<?> testClass) {
        return new TestContextManager(testClass).getTestContext().getApplicationContext();
    }

    private static long elapsed(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static void print(String name, long since) {
        System.out.println("result " + name + " " + elapsed(since));
    }
}
