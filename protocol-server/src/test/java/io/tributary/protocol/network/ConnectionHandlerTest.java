package io.tributary.protocol.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tributary.protocol.ApiRegistry;
import io.tributary.protocol.KafkaWire;
import io.tributary.protocol.codec.FrameRejections;
import io.tributary.protocol.codec.KafkaFrameDecoder;
import io.tributary.protocol.codec.KafkaRequestDecoder;
import io.tributary.protocol.dispatch.RequestDispatcher;
import io.tributary.protocol.metrics.RequestMetrics;

/** The decoders and one {@link ConnectionHandler} as they sit in a connection's pipeline, on an embedded channel. */
class ConnectionHandlerTest {

    private static final short HEARTBEAT_VERSION = 4;
    private static final int QUEUED_MAX_REQUESTS = 8;

    private final Queue<CompletableFuture<ApiMessage>> unanswered = new ArrayDeque<>();
    private final AtomicInteger maxUnanswered = new AtomicInteger();
    private final EmbeddedChannel channel = connection();

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aFloodOfPipelinedRequestsInOneReadNeverHasMoreThanTheBoundInFlightAndIsAnsweredInOrder() {
        int requests = 5_000;
        byte[][] frames = new byte[requests][];
        for (int i = 0; i < requests; i++) {
            frames[i] = heartbeat(i);
        }

        channel.writeInbound(Unpooled.wrappedBuffer(KafkaWire.concat(frames)));

        assertThat(unanswered).hasSize(QUEUED_MAX_REQUESTS);
        assertThat(channel.config().isAutoRead()).as("reading stops while the queue is full").isFalse();
        List<Integer> answered = new ArrayList<>();
        while (!unanswered.isEmpty()) {
            unanswered.poll().complete(new HeartbeatResponseData());
            channel.runPendingTasks();
            answered.addAll(correlationIds());
        }
        assertThat(maxUnanswered).hasValue(QUEUED_MAX_REQUESTS);
        assertThat(answered).hasSize(requests);
        for (int i = 0; i < requests; i++) {
            assertThat(answered.get(i)).isEqualTo(i);
        }
        assertThat(channel.config().isAutoRead()).as("reading resumes once the queue drains").isTrue();
    }

    @Test
    void aFullQueueStillAdmitsTheNextFrameAsSoonAsTheHeadIsAnswered() {
        channel.writeInbound(Unpooled.wrappedBuffer(KafkaWire.concat(heartbeat(0), heartbeat(1))));
        assertThat(unanswered).hasSize(2);

        byte[][] more = new byte[QUEUED_MAX_REQUESTS][];
        for (int i = 0; i < more.length; i++) {
            more[i] = heartbeat(2 + i);
        }
        channel.writeInbound(Unpooled.wrappedBuffer(KafkaWire.concat(more)));
        assertThat(unanswered).hasSize(QUEUED_MAX_REQUESTS);

        unanswered.poll().complete(new HeartbeatResponseData());
        channel.runPendingTasks();

        assertThat(correlationIds()).containsExactly(0);
        assertThat(unanswered).as("the freed slot went to the next held frame").hasSize(QUEUED_MAX_REQUESTS);
    }

    private EmbeddedChannel connection() {
        ApiRegistry registry = new ApiRegistry().register(ApiKeys.HEARTBEAT, (context, request) -> {
            CompletableFuture<ApiMessage> response = new CompletableFuture<>();
            unanswered.add(response);
            maxUnanswered.accumulateAndGet(unanswered.size(), Math::max);
            return response;
        });
        RequestMetrics metrics = new RequestMetrics(new SimpleMeterRegistry(), "test");
        RequestDispatcher dispatcher = new RequestDispatcher(registry, Runnable::run, metrics);
        FrameRejections rejections = new FrameRejections(metrics);
        KafkaFrameDecoder frames = new KafkaFrameDecoder(1 << 20, rejections);
        return new EmbeddedChannel(frames, new KafkaRequestDecoder(rejections),
                new ConnectionHandler(dispatcher, "test-connection", "PLAINTEXT", QUEUED_MAX_REQUESTS, frames));
    }

    private List<Integer> correlationIds() {
        List<Integer> ids = new ArrayList<>();
        for (ByteBuf frame = channel.readOutbound(); frame != null; frame = channel.readOutbound()) {
            ByteBuffer buffer = frame.nioBuffer();
            buffer.getInt();
            ids.add(ResponseHeader.parse(buffer, ApiKeys.HEARTBEAT.responseHeaderVersion(HEARTBEAT_VERSION))
                    .correlationId());
            frame.release();
        }
        return ids;
    }

    private static byte[] heartbeat(int correlationId) {
        return KafkaWire.requestFrame(ApiKeys.HEARTBEAT, HEARTBEAT_VERSION, correlationId,
                new HeartbeatRequestData().setGroupId("g").setGenerationId(1).setMemberId("m"));
    }
}
