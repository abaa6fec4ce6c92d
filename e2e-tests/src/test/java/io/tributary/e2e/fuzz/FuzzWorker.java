package io.tributary.e2e.fuzz;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Sends one worker's share of a fuzz run to one target, frame after frame, and classifies what each frame got
 * back ({@link FrameOutcome}). A connection is kept while the node answers exact frames, and replaced whenever
 * the node closed it, a frame's size prefix lied, or a request was left held.
 * <p>
 * Waiting: every frame gets {@code shortWait} for a reply; a request the node may hold ({@link FrameExpectation})
 * is then given up on, anything else gets up to {@code longWait} in all before it counts as
 * {@link FrameOutcome#UNANSWERED}. A node that refuses connections ends the whole run ({@code abort}).
 */
final class FuzzWorker implements Runnable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int RECENT_FRAMES = 3;

    private final FuzzTarget target;
    private final SeedCatalog catalog;
    private final int frames;
    private final Random random;
    private final FuzzStats stats;
    private final Duration shortWait;
    private final Duration longWait;
    private final AtomicReference<String> abort;
    private final Deque<FuzzFrame> recent = new ArrayDeque<>();
    private FuzzConnection connection;
    private int correlationId = 1;
    private int sent;

    FuzzWorker(FuzzTarget target, SeedCatalog catalog, int frames, long seed, FuzzStats stats, Duration shortWait,
            Duration longWait, AtomicReference<String> abort) {
        this.target = target;
        this.catalog = catalog;
        this.frames = frames;
        this.random = new Random(seed);
        this.stats = stats;
        this.shortWait = shortWait;
        this.longWait = longWait;
        this.abort = abort;
    }

    @Override
    public void run() {
        try {
            while (sent < frames && abort.get() == null) {
                FuzzFrame frame = FrameMutator.mutate(catalog.pick(random), correlationId++, random);
                remember(frame);
                try {
                    exchange(frame);
                } catch (MalformedAlreadyRecorded counted) {
                    // the frame is done; the connection was dropped
                }
                sent++;
            }
        } catch (ConnectException e) {
            abort.compareAndSet(null, target + " refused a connection after " + sent + " frames of this worker ("
                    + e.getMessage() + "); its last frames: " + recentFrames());
        } catch (IOException | RuntimeException e) {
            abort.compareAndSet(null, "worker on " + target + " failed after " + sent + " frames: " + e
                    + "; its last frames: " + recentFrames());
        } finally {
            drop();
        }
    }

    int sent() {
        return sent;
    }

    private void exchange(FuzzFrame frame) throws IOException {
        boolean reused = sendOnLiveConnection(frame.wire());
        if (frame.declaredSize() < 0 || frame.declaredSize() > FrameMutator.MAX_FRAME_BYTES) {
            // refused by any node's frame limit before it reads a byte of the payload
            FuzzConnection.Reply reply = await(frame, longWait);
            finish(frame, reply instanceof FuzzConnection.Nothing ? FrameOutcome.UNANSWERED
                    : reply instanceof FuzzConnection.Closed ? FrameOutcome.CLOSED : FrameOutcome.ANSWERED_UNREADABLE,
                    "size prefix beyond the frame limit", true);
            return;
        }
        if (frame.incomplete()) {
            finish(frame, FrameOutcome.INCOMPLETE, "", true);
            return;
        }
        if (!frame.exact()) {
            await(frame, shortWait);
            finish(frame, FrameOutcome.SHORT_PREFIX, "", true);
            return;
        }
        FrameExpectation expectation = FrameExpectation.of(frame.payload());
        FuzzConnection.Reply reply = await(frame, shortWait);
        if (reply instanceof FuzzConnection.Closed && reused) {
            // the node may have closed the kept connection before this frame reached it: ask once more, afresh
            drop();
            sendOnLiveConnection(frame.wire());
            reply = await(frame, shortWait);
        }
        if (reply instanceof FuzzConnection.Nothing) {
            if (expectation.readable() && expectation.mayHoldMs() > shortWait.toMillis()) {
                finish(frame, FrameOutcome.HELD, "", true);
                return;
            }
            reply = await(frame, longWait.minus(shortWait));
        }
        if (reply instanceof FuzzConnection.Response response) {
            checkResponse(frame, expectation, response.frame());
        } else if (reply instanceof FuzzConnection.Closed) {
            finish(frame, FrameOutcome.CLOSED, "", true);
        } else {
            finish(frame, FrameOutcome.UNANSWERED, "no reply within " + longWait + (expectation.readable()
                    ? " to a " + expectation.request().apiKey() + " v" + expectation.request().version()
                    : " to an unreadable frame"), true);
        }
    }

    private FuzzConnection.Reply await(FuzzFrame frame, Duration wait) throws IOException {
        try {
            return connection.await(wait, longWait);
        } catch (FuzzConnection.MalformedResponse e) {
            finish(frame, FrameOutcome.MALFORMED_ANSWER, e.getMessage(), true);
            throw new MalformedAlreadyRecorded();
        }
    }

    private void checkResponse(FuzzFrame frame, FrameExpectation expectation, byte[] response) {
        if (expectation.readable()) {
            try {
                AbstractResponse.parseResponse(ByteBuffer.wrap(response), expectation.header());
                finish(frame, FrameOutcome.ANSWERED, "", false);
            } catch (RuntimeException e) {
                finish(frame, FrameOutcome.MALFORMED_ANSWER, "not a " + expectation.request().apiKey() + " v"
                        + expectation.request().version() + " response: " + e + " " + Bytes.hex(response, 64), true);
            }
            return;
        }
        if (expectation.header() != null
                && ByteBuffer.wrap(response).getInt() != expectation.header().correlationId()) {
            finish(frame, FrameOutcome.MALFORMED_ANSWER, "correlation id " + ByteBuffer.wrap(response).getInt()
                    + " for request " + expectation.header().correlationId(), true);
            return;
        }
        finish(frame, FrameOutcome.ANSWERED_UNREADABLE, "", false);
    }

    private void finish(FuzzFrame frame, FrameOutcome outcome, String detail, boolean dropConnection) {
        stats.record(frame, outcome, target + ": " + detail);
        if (dropConnection) {
            drop();
        }
    }

    /**
     * Writes on the kept connection, or on a new one if there is none or the write fails.
     *
     * @return whether the frame went out on a kept connection
     */
    private boolean sendOnLiveConnection(byte[] wire) throws IOException {
        if (connection != null) {
            try {
                connection.send(wire);
                return true;
            } catch (IOException closedSinceLastAnswer) {
                drop();
            }
        }
        connection = FuzzConnection.open(target.address(), CONNECT_TIMEOUT);
        stats.connected();
        try {
            connection.send(wire);
        } catch (IOException e) {
            // closed by the node while the frame was still being written: the read that follows sees the close
        }
        return false;
    }

    private void drop() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private void remember(FuzzFrame frame) {
        if (recent.size() == RECENT_FRAMES) {
            recent.removeFirst();
        }
        recent.addLast(frame);
    }

    private String recentFrames() {
        return String.join("\n  ", List.copyOf(recent).stream().map(FuzzFrame::describe).toList());
    }

    /** A malformed response already counted: the frame is done, the worker goes on. */
    private static final class MalformedAlreadyRecorded extends RuntimeException {
        MalformedAlreadyRecorded() {
            super(null, null, false, false);
        }
    }
}
