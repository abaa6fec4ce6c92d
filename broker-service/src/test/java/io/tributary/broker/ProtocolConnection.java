package io.tributary.broker;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One plain TCP connection to a broker's Kafka port, for requests kafka-clients' consumers and producers do not send
 * as a test needs them: a follower's Fetch with its replica id and broker epoch, a Produce with a chosen timeout.
 * The frames are kafka-clients' own serialisation of its request classes. Not thread-safe.
 */
final class ProtocolConnection implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String clientId;
    private int correlationId;

    ProtocolConnection(int port, String clientId, Duration readTimeout) {
        this.clientId = clientId;
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code request} and waits for its answer, up to the read timeout. */
    AbstractResponse call(AbstractRequest request) {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), clientId, ++correlationId);
        try {
            ByteBuffer frame = request.serializeWithHeader(header);
            byte[] bytes = new byte[4 + frame.remaining()];
            ByteBuffer.wrap(bytes).putInt(frame.remaining()).put(frame);
            out.write(bytes);
            out.flush();
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            return AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test connection
        }
    }
}
