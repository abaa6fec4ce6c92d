package io.tributary.node.lifecycle;

/**
 * Turns a failed start into one line on standard error and a non-zero exit, so that an operator sees "cannot reach
 * ZooKeeper" or "port in use" rather than a page of stack trace.
 */
public final class StartupFailure {

    private StartupFailure() {
    }

    public static void exitOnFailure(String service, Runnable start) {
        try {
            start.run();
        } catch (Throwable e) {
            System.err.println("Tributary " + service + " failed to start: " + rootMessage(e));
            System.exit(1);
        }
    }

    /**
     * The message of the first exception that is not Spring's own wrapper: ours name the setting and the cause
     * ("Cannot listen on 127.0.0.1:9092: address already in use"), which the deeper library causes do not.
     */
    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getClass().getName().startsWith("org.springframework.") && cause.getCause() != null
                && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    }
}
