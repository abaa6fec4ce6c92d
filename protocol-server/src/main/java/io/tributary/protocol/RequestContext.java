package io.tributary.protocol;

import java.net.InetSocketAddress;
import java.util.Objects;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Everything a handler may need about one request.
 *
 * @param header        the parsed request header (API key, version, correlation id, client id)
 * @param clientAddress the remote address of the connection the request arrived on
 * @param connectionId  identifies the connection for as long as it lives, in Kafka's
 *                      {@code localHost:localPort-remoteHost:remotePort-index} form
 * @param listenerName  the listener the connection came in on ({@code EXTERNAL}): Kafka answers with the nodes'
 *                      addresses on that listener
 */
public record RequestContext(RequestHeader header, InetSocketAddress clientAddress, String connectionId,
                             String listenerName) {

    public RequestContext {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(listenerName, "listenerName");
    }

    /** A request on the {@value ProtocolServerConfig#DEFAULT_LISTENER} listener. */
    public RequestContext(RequestHeader header, InetSocketAddress clientAddress, String connectionId) {
        this(header, clientAddress, connectionId, ProtocolServerConfig.DEFAULT_LISTENER);
    }

    public ApiKeys apiKey() {
        return header.apiKey();
    }

    public short apiVersion() {
        return header.apiVersion();
    }
}
