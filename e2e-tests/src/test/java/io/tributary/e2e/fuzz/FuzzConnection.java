package io.tributary.e2e.fuzz;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One fuzzing connection: writes frames as they are and reads what comes back, telling a response, a close by the
 * node and silence apart. Dropping it resets the connection (SO_LINGER 0), so tens of thousands of dropped
 * connections leave no TIME_WAIT sockets behind on the client side. Not thread-safe.
 */
final class FuzzConnection implements AutoCloseable {

    /** What came back within a wait. */
    sealed interface Reply permits Response, Closed, Nothing {
    }

    /** A whole response frame, without its size prefix. */
    record Response(byte[] frame) implements Reply {
    }

    /** The node closed or reset the connection. */
    record Closed() implements Reply {
    }

    /** Nothing within the wait, and the connection is still open. */
    record Nothing() implements Reply {
    }

    /** A response size that no answer to our small requests can have: the stream is not Kafka any more. */
    static final class MalformedResponse extends IOException {
        MalformedResponse(String message) {
            super(message);
        }
    }

    private static final int MAX_RESPONSE_BYTES = 100 * 1024 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private FuzzConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
    }

    static FuzzConnection open(InetSocketAddress address, Duration connectTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoLinger(true, 0);
            socket.connect(address, (int) connectTimeout.toMillis());
            return new FuzzConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    void send(byte[] wire) throws IOException {
        out.write(wire);
        out.flush();
    }

    /**
     * Waits up to {@code firstByte} for the start of a reply; once a response has started, its remaining bytes get
     * up to {@code rest}.
     *
     * @throws MalformedResponse if a response claims an impossible size or stops in the middle
     */
    Reply await(Duration firstByte, Duration rest) throws IOException {
        int first;
        try {
            socket.setSoTimeout((int) Math.max(1, firstByte.toMillis()));
            first = in.read();
        } catch (SocketTimeoutException e) {
            return new Nothing();
        } catch (SocketException e) {
            return new Closed();
        }
        if (first < 0) {
            return new Closed();
        }
        try {
            socket.setSoTimeout((int) Math.max(1, rest.toMillis()));
            int size = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
                    | in.readUnsignedByte();
            if (size < 4 || size > MAX_RESPONSE_BYTES) {
                throw new MalformedResponse("response frame of size " + size);
            }
            byte[] frame = new byte[size];
            in.readFully(frame);
            return new Response(frame);
        } catch (EOFException | SocketException | SocketTimeoutException e) {
            throw new MalformedResponse("response cut short: " + e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // a reset connection: nothing left to release
        }
    }
}
