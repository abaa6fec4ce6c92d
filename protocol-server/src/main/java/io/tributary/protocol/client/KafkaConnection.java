package io.tributary.protocol.client;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * A blocking connection to one Kafka-protocol node, for a broker talking to another (a follower fetching from its
 * leader): one request at a time on the caller's thread, with the generated message classes doing the bytes. On
 * open it asks ApiVersions and from then on sends each API at the highest version both this kafka-clients jar and
 * the node support. Not thread-safe: one owner thread.
 *
 * <p>Bounds: a response frame larger than {@code maxResponseBytes} is refused before anything is allocated for it,
 * and the connection is closed; reads time out after {@code readTimeout}.
 *
 * <p>Error handling: any I/O failure, timeout or unreadable response surfaces as {@link IOException} and leaves the
 * connection unusable; the owner closes it and opens a new one (after a back-off) to go on.
 */
public final class KafkaConnection implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String clientId;
    private final int maxResponseBytes;
    private final Map<ApiKeys, Short> versions = new EnumMap<>(ApiKeys.class);
    private int nextCorrelationId;

    private KafkaConnection(Socket socket, String clientId, int maxResponseBytes) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
        this.clientId = clientId;
        this.maxResponseBytes = maxResponseBytes;
    }

    /**
     * Connects and negotiates versions.
     *
     * @throws IOException if the node cannot be reached or does not answer ApiVersions
     */
    public static KafkaConnection open(String host, int port, String clientId, Duration connectTimeout,
                                       Duration readTimeout, int maxResponseBytes) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            KafkaConnection connection = new KafkaConnection(socket, clientId, maxResponseBytes);
            connection.negotiate();
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e instanceof IOException io ? io : new IOException("Cannot talk to " + host + ":" + port, e);
        }
    }

    private void negotiate() throws IOException {
        short version = ApiKeys.API_VERSIONS.latestVersion(false);
        ApiVersionsResponseData response = (ApiVersionsResponseData) roundTrip(ApiKeys.API_VERSIONS, version,
                new ApiVersionsRequestData().setClientSoftwareName("tributary").setClientSoftwareVersion("1"));
        if (response.errorCode() != Errors.NONE.code()) {
            throw new IOException("ApiVersions failed: " + Errors.forCode(response.errorCode()));
        }
        for (ApiVersionsResponseData.ApiVersion api : response.apiKeys()) {
            if (ApiKeys.hasId(api.apiKey())) {
                ApiKeys key = ApiKeys.forId(api.apiKey());
                short ours = key.latestVersion(false);
                if (api.minVersion() <= ours && key.oldestVersion() <= api.maxVersion()) {
                    versions.put(key, (short) Math.min(ours, api.maxVersion()));
                }
            }
        }
    }

    /** The version this connection sends {@code key} at; empty if the two sides share none. */
    public OptionalInt version(ApiKeys key) {
        Short version = versions.get(key);
        return version == null ? OptionalInt.empty() : OptionalInt.of(version);
    }

    /**
     * Sends {@code request} at the negotiated version and waits for its response.
     *
     * @throws IOException if the node does not serve {@code key}, the connection fails, or the response is unreadable
     */
    public ApiMessage send(ApiKeys key, ApiMessage request) throws IOException {
        Short version = versions.get(key);
        if (version == null) {
            throw new IOException("The node at " + socket.getRemoteSocketAddress() + " serves no version of " + key.name
                    + " this client knows");
        }
        return roundTrip(key, version, request);
    }

    private ApiMessage roundTrip(ApiKeys key, short version, ApiMessage request) throws IOException {
        int correlationId = nextCorrelationId++;
        write(key, version, request, correlationId);
        int size = in.readInt();
        if (size < 0 || size > maxResponseBytes) {
            throw new IOException("Response of " + size + " bytes to " + key.name + " exceeds the bound of "
                    + maxResponseBytes + " bytes");
        }
        byte[] frame = new byte[size];
        in.readFully(frame);
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        try {
            ResponseHeader header = ResponseHeader.parse(buffer, key.responseHeaderVersion(version));
            if (header.correlationId() != correlationId) {
                throw new IOException("Response to " + key.name + " carries correlation id " + header.correlationId()
                        + ", expected " + correlationId);
            }
            ApiMessage response = key.messageType.newResponse();
            response.read(new ByteBufferAccessor(buffer), version);
            return response;
        } catch (RuntimeException e) {
            throw new IOException("Unreadable " + key.name + " v" + version + " response: " + e.getMessage(), e);
        }
    }

    private void write(ApiKeys key, short version, ApiMessage request, int correlationId) throws IOException {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setClientId(clientId).setCorrelationId(correlationId);
        short headerVersion = key.requestHeaderVersion(version);
        // size() caches what write() reuses, so both share one cache
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + request.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size);
        buffer.putInt(size);
        ByteBufferAccessor writer = new ByteBufferAccessor(buffer);
        header.write(writer, cache, headerVersion);
        request.write(writer, cache, version);
        out.write(buffer.array(), 0, buffer.position());
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing is left to release
        }
    }

    @Override
    public String toString() {
        return "KafkaConnection(" + socket.getRemoteSocketAddress() + ")";
    }
}
