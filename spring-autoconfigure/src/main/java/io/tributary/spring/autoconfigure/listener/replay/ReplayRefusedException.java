package io.tributary.spring.autoconfigure.listener.replay;

/** A replay asked for while another of the same listener runs. */
public final class ReplayRefusedException extends RuntimeException {

    public ReplayRefusedException(String message) {
        super(message);
    }
}
