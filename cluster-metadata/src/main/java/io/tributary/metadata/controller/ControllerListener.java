package io.tributary.metadata.controller;

/** Called on the election's own thread, in order; implementations must not block it for long. */
public interface ControllerListener {

    /** This process is now the controller, fenced by {@code epoch}. */
    void becameController(int epoch);

    /** This process stopped being the controller (lost the latch, SUSPENDED, LOST or closed). */
    default void resigned() {
    }
}
