package io.tributary.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.protocol.KafkaWire;
import io.tributary.protocol.metrics.FrameRejection;
import io.tributary.protocol.metrics.RequestMetrics;

/** {@link KafkaFrameDecoder} and {@link KafkaRequestDecoder} together, as they sit in the pipeline. */
class KafkaRequestDecodingTest {

    private static final int MAX_FRAME_BYTES = 1024;

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final FrameRejections rejections = new FrameRejections(new RequestMetrics(meters, "test"));
    private final KafkaFrameDecoder frames = new KafkaFrameDecoder(MAX_FRAME_BYTES, rejections);
    private final EmbeddedChannel channel = new EmbeddedChannel(frames, new KafkaRequestDecoder(rejections));

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    @Test
    void frameSplitAcrossReadsIsDecodedOnceComplete() {
        byte[] frame = heartbeat(7);
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 0, 2));
        channel.writeInbound(Unpooled.wrappedBuffer(frame, 2, 5));
        assertThat((Object) channel.readInbound()).isNull();

        channel.writeInbound(Unpooled.wrappedBuffer(frame, 7, frame.length - 7));

        DecodedRequest decoded = channel.readInbound();
        assertThat(decoded.header().correlationId()).isEqualTo(7);
        assertThat(decoded.frameSize()).isEqualTo(frame.length - 4);
        assertThat(((HeartbeatRequest) decoded.request()).data().memberId()).isEqualTo("member-1");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void severalFramesInOneReadAreDecodedInOrder() {
        channel.writeInbound(Unpooled.wrappedBuffer(KafkaWire.concat(heartbeat(1), heartbeat(2), heartbeat(3))));

        for (int correlationId = 1; correlationId <= 3; correlationId++) {
            assertThat(((DecodedRequest) channel.readInbound()).header().correlationId()).isEqualTo(correlationId);
        }
    }

    @Test
    void oversizedFrameClosesBeforeAllocating() {
        // allocating what it claims would throw OutOfMemoryError: passing proves nothing was reserved for it
        ByteBuf claim = Unpooled.buffer().writeInt(Integer.MAX_VALUE).writeBytes(new byte[16]);

        channel.writeInbound(claim);

        assertThat(channel.isOpen()).isFalse();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(claim.refCnt()).isZero();
        assertThat(rejected(FrameRejection.OVERSIZED)).isEqualTo(1);
    }

    @Test
    void frameOneByteOverTheLimitIsRefused() {
        channel.writeInbound(Unpooled.buffer().writeInt(MAX_FRAME_BYTES + 1));

        assertThat(channel.isOpen()).isFalse();
        assertThat(rejected(FrameRejection.OVERSIZED)).isEqualTo(1);
    }

    @Test
    void negativeSizeCloses() {
        channel.writeInbound(Unpooled.buffer().writeInt(-1).writeInt(0));

        assertThat(channel.isOpen()).isFalse();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(rejected(FrameRejection.OVERSIZED)).isEqualTo(1);
    }

    @Test
    void unknownApiKeyCloses() {
        byte[] frame = heartbeat(1);
        ByteBuffer.wrap(frame).putShort(4, (short) 9999);

        assertRejected(frame, FrameRejection.UNKNOWN_API);
    }

    @Test
    void keyWithoutValidVersionsCloses() {
        byte[] frame = heartbeat(1);
        ByteBuffer.wrap(frame).putShort(4, ApiKeys.LEADER_AND_ISR.id);

        assertRejected(frame, FrameRejection.UNKNOWN_API);
    }

    @Test
    void garbageHeaderCloses() {
        // Heartbeat v4, then one byte where the correlation id should be
        assertRejected(new byte[] {0, 0, 0, 5, 0, 12, 0, 4, 1}, FrameRejection.UNREADABLE_HEADER);
    }

    @Test
    void corruptBodyCloses() {
        byte[] frame = heartbeat(1);
        byte[] truncated = Arrays.copyOf(frame, frame.length - 3);
        ByteBuffer.wrap(truncated).putInt(0, truncated.length - 4);

        assertRejected(truncated, FrameRejection.CORRUPT_BODY);
    }

    @Test
    void bytesAfterTheBodyClose() {
        byte[] frame = heartbeat(1);
        byte[] padded = Arrays.copyOf(frame, frame.length + 2);
        ByteBuffer.wrap(padded).putInt(0, padded.length - 4);

        assertRejected(padded, FrameRejection.TRAILING_BYTES);
    }

    @Test
    void versionTheJarCannotReadCloses() {
        assertRejected(KafkaWire.requestFrame(ApiKeys.METADATA, (short) 99, 1, new MetadataRequestData(), (short) 13),
                FrameRejection.UNREADABLE_VERSION);
    }

    @Test
    void apiVersionsNewerThanTheJarIsStillDecoded() {
        channel.writeInbound(Unpooled.wrappedBuffer(KafkaWire.requestFrame(ApiKeys.API_VERSIONS, (short) 99, 5,
                new ApiVersionsRequestData().setClientSoftwareName("x").setClientSoftwareVersion("1"), (short) 3)));

        DecodedRequest decoded = channel.readInbound();
        assertThat(decoded.header().apiVersion()).isEqualTo((short) 99);
        assertThat(((ApiVersionsRequest) decoded.request()).hasUnsupportedRequestVersion()).isTrue();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void framesAfterARejectedOneAreDropped() {
        byte[] garbage = {0, 0, 0, 3, 1, 2, 3};

        channel.writeInbound(Unpooled.wrappedBuffer(KafkaWire.concat(garbage, heartbeat(2), garbage)));

        assertThat(channel.isOpen()).isFalse();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(rejected(FrameRejection.UNKNOWN_API)).isEqualTo(1);
    }

    @Test
    void framesBeyondWhatTheConnectionAdmitsWaitUndecodedUntilReleased() {
        int admitted = 2;
        frames.admitWhile(() -> channel.inboundMessages().size() < admitted);

        channel.writeInbound(Unpooled.wrappedBuffer(KafkaWire.concat(heartbeat(1), heartbeat(2), heartbeat(3),
                heartbeat(4), heartbeat(5))));

        assertThat(correlationIds()).containsExactly(1, 2);
        frames.releaseHeld();
        assertThat(correlationIds()).containsExactly(3, 4);
        frames.releaseHeld();
        assertThat(correlationIds()).containsExactly(5);
        frames.releaseHeld();
        assertThat(correlationIds()).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aHeldPartialFrameIsCompletedByTheNextRead() {
        frames.admitWhile(() -> channel.inboundMessages().isEmpty());
        byte[] second = heartbeat(2);

        channel.writeInbound(Unpooled.wrappedBuffer(KafkaWire.concat(heartbeat(1), Arrays.copyOf(second, 6))));
        assertThat(correlationIds()).containsExactly(1);
        channel.writeInbound(Unpooled.wrappedBuffer(second, 6, second.length - 6));

        assertThat(correlationIds()).containsExactly(2);
    }

    private List<Integer> correlationIds() {
        List<Integer> ids = new ArrayList<>();
        for (DecodedRequest decoded = channel.readInbound(); decoded != null; decoded = channel.readInbound()) {
            ids.add(decoded.header().correlationId());
        }
        return ids;
    }

    private void assertRejected(byte[] frame, FrameRejection reason) {
        channel.writeInbound(Unpooled.wrappedBuffer(frame));

        assertThat(channel.isOpen()).isFalse();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(rejected(reason)).as(reason.tag()).isEqualTo(1);
    }

    private double rejected(FrameRejection reason) {
        return meters.get(RequestMetrics.REJECTED_FRAMES).tag(RequestMetrics.TAG_REASON, reason.tag()).counter().count();
    }

    private static byte[] heartbeat(int correlationId) {
        return KafkaWire.requestFrame(ApiKeys.HEARTBEAT, (short) 4, correlationId,
                new HeartbeatRequestData().setGroupId("group").setGenerationId(1).setMemberId("member-1"));
    }
}
