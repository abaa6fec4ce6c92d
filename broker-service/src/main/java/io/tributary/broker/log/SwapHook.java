package io.tributary.broker.log;

/**
 * Called at each step of swapping cleaned segments in, under the log's lock. A test throws from it to leave the
 * directory as a crash at that step would; the broker passes {@link #NONE}.
 */
@FunctionalInterface
interface SwapHook {

    SwapHook NONE = step -> { };

    enum Step {
        /** The {@code .cleaned} files are complete and synced; nothing is renamed yet. */
        CLEANED_WRITTEN,
        /** Every cleaned segment is renamed to {@code .swap} and the directory synced: the swap is committed. */
        SWAP_COMMITTED,
        /** The replaced segments' files are deleted; the {@code .swap} files still await their final names. */
        ORIGINALS_DELETED
    }

    void reached(Step step);
}
