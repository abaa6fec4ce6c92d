package io.tributary.e2e.support;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One plain TCP connection to a Kafka port, for tests that send what no well-behaved client sends: bytes that are
 * not a frame, frames with impossible sizes, headers with unknown keys or versions, or a valid request whose
 * content a test has tampered with. Valid frames are built with kafka-clients' own classes
 * ({@link RequestHeader}, the generated {@code *Data} messages), never by hand.
 *
 * <p>Not thread-safe. Reads block at most the socket timeout given to {@link #open}.
 */
public final class RawKafkaConnection implements AutoCloseable {

    private static final String CLIENT_ID = "e2e-raw";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int nextCorrelationId = 1;

    private RawKafkaConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code host:port}; every read gives up after {@code readTimeout}. */
    public static RawKafkaConnection open(String host, int port, Duration readTimeout) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return new RawKafkaConnection(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
        }
    }

    /** The server port this connection goes to. */
    public int port() {
        return socket.getPort();
    }

    /** A fresh correlation id for a header the caller builds. */
    public int nextCorrelationId() {
        return nextCorrelationId++;
    }

    /** A request header for {@code request} as kafka-clients would send it. */
    public RequestHeader headerFor(AbstractRequest request) {
        return new RequestHeader(request.apiKey(), request.version(), CLIENT_ID, nextCorrelationId());
    }

    /** Sends {@code request} framed as a client would and parses the answer; fails if the broker closes instead. */
    public AbstractResponse call(AbstractRequest request) {
        return receive(send(request));
    }

    /**
     * Sends {@code request} framed as a client would and returns at once, for a request the server parks (a
     * JoinGroup waiting for the rest of its group); {@link #receive} reads the answer.
     */
    public RequestHeader send(AbstractRequest request) {
        RequestHeader header = headerFor(request);
        sendFrame(request.serializeWithHeader(header));
        return header;
    }

    /** Reads and parses the answer to the request sent with {@code header}; fails if the server closes instead. */
    public AbstractResponse receive(RequestHeader header) {
        ByteBuffer response = readFrame()
                .orElseThrow(() -> new AssertionError("connection closed instead of answering " + header));
        return AbstractResponse.parseResponse(response, header);
    }

    /** ApiVersions at the newest version kafka-clients knows; fails unless the broker answers without error. */
    public ApiVersionsResponseData apiVersions() {
        short version = ApiKeys.API_VERSIONS.latestVersion();
        ApiVersionsResponseData versions = ((ApiVersionsResponse) call(
                new ApiVersionsRequest.Builder(version).build(version))).data();
        if (versions.errorCode() != Errors.NONE.code()) {
            throw new AssertionError("ApiVersions v" + version + " answered " + Errors.forCode(versions.errorCode()));
        }
        return versions;
    }

    /**
     * A frame from a header and a body written at versions the caller chooses, which need not match what the header
     * claims (an ApiVersions v99 header over a v5 body). The returned buffer starts with the 4-byte size.
     */
    public static ByteBuffer frame(RequestHeaderData header, short headerVersion, ApiMessage body,
            short bodyVersion) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + (body == null ? 0 : body.size(cache, bodyVersion));
        ByteBuffer buffer = ByteBuffer.allocate(4 + size);
        buffer.putInt(size);
        ByteBufferAccessor writer = new ByteBufferAccessor(buffer);
        header.write(writer, cache, headerVersion);
        if (body != null) {
            body.write(writer, cache, bodyVersion);
        }
        return buffer.flip();
    }

    /** Writes a 4-byte size, then {@code payload} (from its position to its limit). */
    public void sendFrame(ByteBuffer payload) {
        ByteBuffer framed = ByteBuffer.allocate(4 + payload.remaining());
        framed.putInt(payload.remaining()).put(payload.duplicate()).flip();
        sendRaw(framed);
    }

    /** Writes {@code bytes} as they are, framing or not. */
    public void sendRaw(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        sendRaw(copy);
    }

    /** Writes {@code bytes} as they are, framing or not. */
    public void sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("write failed", e);
        }
    }

    /**
     * Reads one response frame (without its size prefix), or empty if the broker closed the connection (end of
     * stream or reset) before a whole frame arrived.
     *
     * @throws AssertionError if nothing arrives within the read timeout
     */
    public Optional<ByteBuffer> readFrame() {
        try {
            int size = in.readInt();
            if (size < 0 || size > 64 * 1024 * 1024) {
                throw new AssertionError("response frame of impossible size " + size);
            }
            byte[] payload = new byte[size];
            in.readFully(payload);
            return Optional.of(ByteBuffer.wrap(payload));
        } catch (EOFException | SocketException e) {
            return Optional.empty();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no response and no close within the read timeout", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the broker closes the connection, sending nothing first, within the read timeout. Answers false if
     * bytes arrive or the connection stays open.
     */
    public boolean closedByPeerWithoutAnswer() {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // connection reset
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
