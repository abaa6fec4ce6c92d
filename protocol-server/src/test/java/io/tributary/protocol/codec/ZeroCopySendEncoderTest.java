package io.tributary.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.FileRegion;
import io.tributary.protocol.KafkaWire;

class ZeroCopySendEncoderTest {

    private static final short VERSION = 12;

    @TempDir
    Path dir;

    @Test
    void fileRecordsBecomeFileRegionsAndTheFrameMatchesTheHeapEncoding() throws IOException {
        MemoryRecords batches = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord("k1".getBytes(), "v1".getBytes()), new SimpleRecord("k2".getBytes(), "v2".getBytes()));
        try (FileRecords segment = FileRecords.open(dir.resolve("00000000000000000000.log").toFile())) {
            segment.append(batches);
            segment.flush();

            EncodedResponse encoded = KafkaResponseEncoder.encode(42, ApiKeys.FETCH, VERSION,
                    fetchResponse(segment.slice(0, segment.sizeInBytes())), ByteBufAllocator.DEFAULT);

            assertThat(encoded.parts()).anyMatch(SharedFileRegion.class::isInstance);
            byte[] frame = concatenate(encoded.parts());
            encoded.release();

            assertThat(segment.channel().isOpen()).as("releasing a region must not close the segment").isTrue();
            byte[] expected = KafkaWire.heapResponse(ApiKeys.FETCH, VERSION, 42, fetchResponse(batches));
            assertThat(ByteBuffer.wrap(frame).getInt()).isEqualTo(expected.length);
            assertThat(java.util.Arrays.copyOfRange(frame, 4, frame.length)).isEqualTo(expected);
        }
    }

    private static byte[] concatenate(List<Object> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel channel = Channels.newChannel(out);
        for (Object part : parts) {
            if (part instanceof ByteBuf buf) {
                buf.getBytes(buf.readerIndex(), out, buf.readableBytes());
            } else {
                FileRegion region = (FileRegion) part;
                while (region.transferred() < region.count()) {
                    region.transferTo(channel, region.transferred());
                }
            }
        }
        return out.toByteArray();
    }

    private static FetchResponseData fetchResponse(BaseRecords records) {
        return new FetchResponseData().setResponses(List.of(new FetchableTopicResponse().setTopic("t")
                .setPartitions(List.of(new PartitionData().setPartitionIndex(0).setHighWatermark(2)
                        .setRecords(records)))));
    }
}
