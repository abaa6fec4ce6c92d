package io.tributary.broker;

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

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        String message = e.getMessage();
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return message == null ? cause.getClass().getName() : message;
    }
}
