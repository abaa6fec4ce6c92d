package io.tributary.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.protocol.client.KafkaConnection;

/** One server bound on several named listeners: each serves the same APIs, and handlers see which one was used. */
class NamedListenersTest {

    private KafkaProtocolServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ProtocolServerConfig config(List<ProtocolServerConfig.Listener> listeners) {
        return new ProtocolServerConfig(listeners, 1 << 20, 2, 4, ProtocolServerConfig.DEFAULT_QUEUED_MAX_REQUESTS);
    }

    /** A Metadata handler that answers with the name of the listener the request came in on, as the cluster id. */
    private static ApiRegistry echoingListenerName() {
        return new ApiRegistry().register(ApiKeys.METADATA, (context, request) -> CompletableFuture.completedFuture(
                new MetadataResponseData().setClusterId(context.listenerName())));
    }

    private static String listenerSeenOn(int port) throws IOException {
        try (KafkaConnection connection = KafkaConnection.open("127.0.0.1", port, "test", Duration.ofSeconds(5),
                Duration.ofSeconds(5), 1 << 20)) {
            return ((MetadataResponseData) connection.send(ApiKeys.METADATA, new MetadataRequestData())).clusterId();
        }
    }

    @Test
    void everyListenerIsServedAndHandlersKnowWhichOneARequestCameInOn() throws IOException {
        server = new KafkaProtocolServer(config(List.of(
                new ProtocolServerConfig.Listener("INTERNAL", "127.0.0.1", 0),
                new ProtocolServerConfig.Listener("EXTERNAL", "127.0.0.1", 0))),
                echoingListenerName(), new SimpleMeterRegistry(), "test");
        server.start();

        int internal = server.boundPort("INTERNAL");
        int external = server.boundPort("EXTERNAL");
        assertThat(internal).isNotEqualTo(external);
        assertThat(server.boundPort()).isEqualTo(internal);
        assertThat(listenerSeenOn(internal)).isEqualTo("INTERNAL");
        assertThat(listenerSeenOn(external)).isEqualTo("EXTERNAL");
        assertThatThrownBy(() -> server.boundPort("CONTROLLER")).isInstanceOf(IllegalStateException.class)
                .hasMessage("No listener named CONTROLLER");
    }

    @Test
    void aListenerThatCannotBindLeavesNoneBound() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int free = probe.getLocalPort();
            probe.close();
            server = new KafkaProtocolServer(config(List.of(
                    new ProtocolServerConfig.Listener("INTERNAL", "127.0.0.1", free),
                    new ProtocolServerConfig.Listener("EXTERNAL", "127.0.0.1", taken.getLocalPort()))),
                    echoingListenerName(), new SimpleMeterRegistry(), "test");

            assertThatThrownBy(server::start).isInstanceOf(UncheckedIOException.class)
                    .hasMessage("Cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use");
            assertThatThrownBy(() -> new Socket("127.0.0.1", free).close()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aListenerNameIsGivenOnce() {
        assertThatThrownBy(() -> config(List.of(new ProtocolServerConfig.Listener("A", "127.0.0.1", 0),
                new ProtocolServerConfig.Listener("A", "127.0.0.1", 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("listener A is given twice");
    }
}
