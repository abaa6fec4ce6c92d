package io.tributary.e2e.support;

/** How one command-line tool run ended: its exit code and everything it printed. */
public record CliResult(int exitCode, String stdout, String stderr) {

    /** stdout then stderr, for assertions on a message that a tool may print on either stream. */
    public String output() {
        return stdout + stderr;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
    }
}
