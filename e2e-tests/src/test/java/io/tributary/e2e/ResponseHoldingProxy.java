package io.tributary.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * A loopback TCP proxy in front of one Kafka port that can make a Produce response late.
 *
 * <p>Every accepted connection gets its own upstream connection and two pump threads. Bytes are forwarded both ways
 * unchanged. The client→broker direction is also split into Kafka frames (int32 size + body); every Produce request
 * is decoded with kafka-clients' own classes and its record batches noted ({@link #producedBatches()}), so a test
 * can see what the broker was sent.
 *
 * <p>{@link #holdNextProduceResponse()} arms a one-shot hold: the connection that carries the next Produce request
 * stops forwarding broker→client bytes for {@code hold}. The broker has the request (and may have appended it); the
 * client sees no answer. If the client gives up and closes the connection during the hold, the withheld bytes are
 * dropped; otherwise they are forwarded when the hold ends.
 *
 * <p>Bounded: at most {@value #MAX_CONNECTIONS} connections at a time (more are closed at once), one daemon thread
 * per direction, frames above {@value #MAX_DECODED_FRAME} bytes are forwarded but not decoded.
 */
final class ResponseHoldingProxy implements AutoCloseable {

    /**
     * One record batch seen in a Produce request, on which proxied connection, and whether it was in the request
     * whose answer the proxy withheld.
     */
    record ProducedBatch(int connection, long producerId, short producerEpoch, int baseSequence, int records,
                         boolean held) {

        /** Whether {@code other} is the same batch sent again: same producer id, epoch and base sequence. */
        boolean sameBatchAs(ProducedBatch other) {
            return producerId == other.producerId && producerEpoch == other.producerEpoch
                    && baseSequence == other.baseSequence;
        }
    }

    private static final int MAX_CONNECTIONS = 32;
    private static final int MAX_DECODED_FRAME = 16 << 20;

    private final int upstreamPort;
    private final Duration hold;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2 * MAX_CONNECTIONS + 1, runnable -> {
        Thread thread = new Thread(runnable, "e2e-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger holds = new AtomicInteger();
    private final AtomicInteger undecodable = new AtomicInteger();
    private final List<ProducedBatch> produced = new ArrayList<>();
    private volatile boolean closed;

    /** Listens on a free 127.0.0.1 port and forwards to {@code 127.0.0.1:upstreamPort}. */
    ResponseHoldingProxy(int upstreamPort, Duration hold) {
        this.upstreamPort = upstreamPort;
        this.hold = hold;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    String bootstrap() {
        return "127.0.0.1:" + port();
    }

    /** The connection carrying the next Produce request withholds broker→client bytes for the hold time. */
    void holdNextProduceResponse() {
        armed.set(true);
    }

    /** How many holds have started. */
    int holdsStarted() {
        return holds.get();
    }

    /** Produce requests that could not be decoded (they were forwarded all the same). */
    int undecodableProduceRequests() {
        return undecodable.get();
    }

    List<ProducedBatch> producedBatches() {
        synchronized (produced) {
            return List.copyOf(produced);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (open.incrementAndGet() > MAX_CONNECTIONS) {
                open.decrementAndGet();
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5000);
                new Connection(connections.incrementAndGet(), client, upstream).start();
            } catch (IOException | RejectedExecutionException e) {
                open.decrementAndGet();
                closeQuietly(client);
            }
        }
    }

    private final class Connection {
        private final int id;
        private final Socket client;
        private final Socket upstream;
        private final CountDownLatch clientGone = new CountDownLatch(1);
        private volatile long holdUntilNanos;
        private volatile boolean holding;
        private final FrameSplitter frames = new FrameSplitter(this::onRequestFrame);

        Connection(int id, Socket client, Socket upstream) {
            this.id = id;
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            sockets.add(client);
            sockets.add(upstream);
            threads.execute(this::clientToBroker);
            threads.execute(this::brokerToClient);
        }

        private void clientToBroker() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    frames.feed(buffer, n); // before forwarding: a hold must be in place before the request leaves
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                clientGone.countDown();
                closeBoth();
            }
        }

        private void brokerToClient() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (holding) {
                        long left = holdUntilNanos - System.nanoTime();
                        if (left > 0 && clientGone.await(left, TimeUnit.NANOSECONDS)) {
                            return; // the client gave up during the hold: the withheld answer is dropped
                        }
                        holding = false;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeBoth();
            }
        }

        private void onRequestFrame(ByteBuffer frame) {
            if (frame.remaining() < 2 || frame.getShort(frame.position()) != ApiKeys.PRODUCE.id) {
                return;
            }
            boolean held = armed.compareAndSet(true, false);
            if (held) {
                holdUntilNanos = System.nanoTime() + hold.toNanos();
                holding = true;
                holds.incrementAndGet();
            }
            List<ProducedBatch> batches = new ArrayList<>();
            try {
                RequestHeader header = RequestHeader.parse(frame);
                ProduceRequestData request =
                        new ProduceRequestData(new ByteBufferAccessor(frame), header.apiVersion());
                request.topicData().forEach(topic -> topic.partitionData().forEach(partition -> {
                    for (MutableRecordBatch batch : ((MemoryRecords) partition.records()).batches()) {
                        Integer count = batch.countOrNull();
                        batches.add(new ProducedBatch(id, batch.producerId(), batch.producerEpoch(),
                                batch.baseSequence(), count == null ? -1 : count, held));
                    }
                }));
            } catch (RuntimeException e) {
                undecodable.incrementAndGet(); // still forwarded; the test asserts that this stays 0
                return;
            }
            synchronized (produced) {
                produced.addAll(batches);
            }
        }

        private void closeBoth() {
            if (sockets.remove(client) | sockets.remove(upstream)) {
                open.decrementAndGet();
            }
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** Splits a byte stream into Kafka frames and hands each frame's body (without the size) to a consumer. */
    private static final class FrameSplitter {
        private final java.util.function.Consumer<ByteBuffer> onFrame;
        private final ByteBuffer size = ByteBuffer.allocate(4);
        private ByteBuffer body;
        private int skip;

        FrameSplitter(java.util.function.Consumer<ByteBuffer> onFrame) {
            this.onFrame = onFrame;
        }

        void feed(byte[] bytes, int length) {
            int i = 0;
            while (i < length) {
                if (skip > 0) {
                    int n = Math.min(skip, length - i);
                    skip -= n;
                    i += n;
                } else if (body == null) {
                    size.put(bytes[i++]);
                    if (!size.hasRemaining()) {
                        int frameSize = size.flip().getInt();
                        size.clear();
                        if (frameSize > MAX_DECODED_FRAME || frameSize < 0) {
                            skip = Math.max(frameSize, 0);
                        } else {
                            body = ByteBuffer.allocate(frameSize);
                            if (frameSize == 0) {
                                deliver();
                            }
                        }
                    }
                } else {
                    int n = Math.min(body.remaining(), length - i);
                    body.put(bytes, i, n);
                    i += n;
                    if (!body.hasRemaining()) {
                        deliver();
                    }
                }
            }
        }

        private void deliver() {
            ByteBuffer frame = body.flip();
            body = null;
            onFrame.accept(frame);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        sockets.forEach(ResponseHoldingProxy::closeQuietly);
        threads.shutdownNow();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
