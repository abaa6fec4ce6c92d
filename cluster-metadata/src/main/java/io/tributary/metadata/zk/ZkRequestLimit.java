package io.tributary.metadata.zk;

import io.tributary.metadata.MetadataException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.jute.BinaryOutputArchive;
import org.apache.zookeeper.MultiOperationRecord;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ZKConfig;

/**
 * The largest request this process may send ZooKeeper. ZooKeeper reads {@code jute.maxbuffer} (a system property,
 * 1 MiB less one byte by default) as the most it accepts in one packet, and closes the connection of a client that
 * sends more. The limit kept here is that value, read as ZooKeeper's client reads it, less a sixteenth: the server
 * logs a request as a transaction with headers of its own, and a response repeats the request's paths.
 *
 * @param maxBytes the largest request accepted, in bytes as ZooKeeper's jute encoding counts them
 */
public record ZkRequestLimit(int maxBytes) {

    /** Request header (xid, type) and the packet's length prefix. */
    private static final int PACKET_OVERHEAD_BYTES = 3 * Integer.BYTES;
    private static final int MARGIN_DIVISOR = 16;

    /** The limit for {@code jute.maxbuffer} as this JVM's ZooKeeper client sees it. */
    public static ZkRequestLimit ofClient() {
        int juteMaxBuffer = new ZKClientConfig().getInt(ZKConfig.JUTE_MAXBUFFER,
                ZKClientConfig.CLIENT_MAX_PACKET_LENGTH_DEFAULT);
        return new ZkRequestLimit(juteMaxBuffer - juteMaxBuffer / MARGIN_DIVISOR);
    }

    /**
     * @param action what the write is for, as the refusal names it: "creating topic orders"
     * @throws MetadataException {@code WRITE_TOO_LARGE} if the operations, sent as one request, exceed the limit
     */
    public void check(String action, List<Op> ops) {
        long bytes = requestBytes(ops);
        if (bytes > maxBytes) {
            throw new MetadataException(MetadataException.Reason.WRITE_TOO_LARGE, Character.toUpperCase(action.charAt(0))
                    + action.substring(1) + " would send ZooKeeper a request of " + bytes + " bytes; it accepts at most "
                    + maxBytes + " (" + ZKConfig.JUTE_MAXBUFFER + " less a margin).");
        }
    }

    /**
     * What one operation adds to a multi-operation request: a request of several operations measures the sum of
     * theirs plus {@link #requestBytes} of none, so a writer can split many operations into requests that fit without
     * measuring every prefix.
     */
    public static long opBytes(Op op) {
        return requestBytes(List.of(op)) - requestBytes(List.of());
    }

    /** The size of {@code ops} sent as one multi-operation request, as ZooKeeper's jute encoding writes it. */
    public static long requestBytes(List<Op> ops) {
        CountingStream counter = new CountingStream();
        try {
            new MultiOperationRecord(ops).serialize(BinaryOutputArchive.getArchive(counter), "request");
        } catch (IOException e) {
            throw new UncheckedIOException("counting bytes cannot fail", e);
        }
        return counter.bytes + PACKET_OVERHEAD_BYTES;
    }

    private static final class CountingStream extends OutputStream {

        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
