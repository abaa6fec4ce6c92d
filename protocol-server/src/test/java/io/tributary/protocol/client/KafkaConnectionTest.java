package io.tributary.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.protocol.ApiRegistry;
import io.tributary.protocol.KafkaProtocolServer;
import io.tributary.protocol.ProtocolServerConfig;

/** The broker-to-broker client against the real protocol server: version negotiation, round trips, bounds. */
class KafkaConnectionTest {

    private KafkaProtocolServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int start(ApiRegistry registry) {
        server = new KafkaProtocolServer(new ProtocolServerConfig("127.0.0.1", 0, 1 << 20, 2, 4,
                ProtocolServerConfig.DEFAULT_QUEUED_MAX_REQUESTS), registry, new SimpleMeterRegistry(), "test");
        server.start();
        return server.boundPort();
    }

    private static KafkaConnection connect(int port, int maxResponseBytes) throws IOException {
        return KafkaConnection.open("127.0.0.1", port, "replica-1", Duration.ofSeconds(5), Duration.ofSeconds(5),
                maxResponseBytes);
    }

    @Test
    void sendsEachApiAtTheHighestVersionBothSidesServe() throws Exception {
        AtomicInteger seenVersion = new AtomicInteger(-1);
        int port = start(new ApiRegistry()
                .register(ApiKeys.FETCH, (short) 4, (short) 13, (context, request) -> {
                    seenVersion.set(context.apiVersion());
                    FetchRequestData fetch = (FetchRequestData) request;
                    return CompletableFuture.completedFuture(new FetchResponseData().setThrottleTimeMs(fetch.maxWaitMs()));
                }));

        try (KafkaConnection connection = connect(port, 1 << 20)) {
            assertThat(connection.version(ApiKeys.FETCH)).hasValue(13);
            assertThat(connection.version(ApiKeys.PRODUCE)).isEmpty();
            ApiMessage response = connection.send(ApiKeys.FETCH, new FetchRequestData().setMaxWaitMs(77));
            assertThat(((FetchResponseData) response).throttleTimeMs()).isEqualTo(77);
            assertThat(seenVersion.get()).isEqualTo(13);
            // a second request on the same connection
            assertThat(((FetchResponseData) connection.send(ApiKeys.FETCH, new FetchRequestData().setMaxWaitMs(5)))
                    .throttleTimeMs()).isEqualTo(5);
            assertThatThrownBy(() -> connection.send(ApiKeys.PRODUCE, new FetchRequestData()))
                    .isInstanceOf(IOException.class).hasMessageContaining("serves no version of Produce");
        }
    }

    @Test
    void aResponseOverTheBoundIsRefusedBeforeItIsRead() throws Exception {
        int port = start(new ApiRegistry().register(ApiKeys.METADATA, (context, request) -> {
            MetadataResponseData big = new MetadataResponseData().setClusterId("x".repeat(5_000));
            return CompletableFuture.completedFuture(big);
        }));

        try (KafkaConnection connection = connect(port, 2_000)) {
            assertThatThrownBy(() -> connection.send(ApiKeys.METADATA, new MetadataRequestData()))
                    .isInstanceOf(IOException.class).hasMessageContaining("exceeds the bound of 2000 bytes");
        }
    }

    @Test
    void aNodeNobodyListensOnFailsWithAnIoException() {
        assertThatThrownBy(() -> connect(1, 1 << 20)).isInstanceOf(IOException.class);
    }
}
