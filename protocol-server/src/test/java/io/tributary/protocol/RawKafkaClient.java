package io.tributary.protocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ResponseHeader;

/** A blocking socket that speaks raw Kafka frames: no NetworkClient, so the test controls every byte. */
final class RawKafkaClient implements AutoCloseable {

    record Response(int correlationId, AbstractResponse body, byte[] raw) {
    }

    private final Socket socket;
    private final DataInputStream in;

    RawKafkaClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
    }

    RawKafkaClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** The next frame without its size prefix. */
    byte[] receiveRaw() throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return frame;
    }

    Response receive(ApiKeys key, short version) throws IOException {
        byte[] raw = receiveRaw();
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        ResponseHeader header = ResponseHeader.parse(buffer, key.responseHeaderVersion(version));
        AbstractResponse body = AbstractResponse.parseResponse(key, new ByteBufferAccessor(buffer), version);
        return new Response(header.correlationId(), body, raw);
    }

    /** Whether the server closed the connection: end of stream or reset, within the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
