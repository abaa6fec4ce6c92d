package io.tributary.admin.reset;

/**
 * The optional body of {@code offsets:undo}: whether to remove live members first, as for a reset.
 */
public record UndoRequest(Boolean force) {

    boolean forced() {
        return Boolean.TRUE.equals(force);
    }
}
