package io.tributary.spring.autoconfigure.consumer.error;

import java.nio.ByteBuffer;
import java.util.UUID;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.DoubleDeserializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.UUIDDeserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTopicRecovererTest {

    static Object[][] keyDeserializers() {
        return new Object[][] {
                {new StringDeserializer(), new byte[] {'k', '-', '1'}},
                {new ByteArrayDeserializer(), new byte[] {(byte) 0xff, 0, (byte) 0xc3}},
                {new BytesDeserializer(), new byte[] {(byte) 0xfe, 1}},
                {new ByteBufferDeserializer(), new byte[] {(byte) 0x80, 2, 3}},
                {new LongDeserializer(), ByteBuffer.allocate(8).putLong(-42L).array()},
                {new IntegerDeserializer(), ByteBuffer.allocate(4).putInt(7).array()},
                {new DoubleDeserializer(), ByteBuffer.allocate(8).putDouble(2.5).array()},
                {new UUIDDeserializer(), UUID.randomUUID().toString().getBytes()},
        };
    }

    /** Whatever Kafka deserializer read the key, the dead-letter producer writes the same bytes back. */
    @ParameterizedTest
    @MethodSource("keyDeserializers")
    void aKeyReadByKafkasDeserializerIsWrittenBackAsTheSameBytes(Deserializer<?> deserializer, byte[] bytes) {
        Object key = deserializer.deserialize("orders", bytes);
        Serializer<Object> serializer = DeadLetterTopicRecoverer.keySerializer();

        assertThat(serializer.serialize("orders.DLT", key)).isEqualTo(bytes);
    }
}
