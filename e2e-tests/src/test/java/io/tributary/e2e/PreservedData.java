package io.tributary.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.tributary.e2e.fuzz.FuzzTopics;
import io.tributary.e2e.support.Waiting;

/**
 * Records and committed offsets stored before a fuzz run, kept to be read back afterwards byte for byte: keyed
 * and unkeyed records with headers (one with a null value) and explicit timestamps, written by one producer per
 * codec (none, gzip, snappy, lz4, zstd), and a group's committed offsets with metadata. The names start with
 * {@link FuzzTopics#PROTECTED_PREFIX}, which no fuzz frame can name.
 */
final class PreservedData {

    static final String TOPIC = FuzzTopics.PROTECTED_PREFIX + "records";
    static final String GROUP = FuzzTopics.PROTECTED_PREFIX + "group";
    private static final int PARTITIONS = 3;
    private static final int RECORDS_PER_CODEC = 40;
    private static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");
    private static final long BASE_TIMESTAMP = 1_700_000_000_000L;

    /** What was stored: one record as a consumer must see it again. */
    private record Stored(int partition, long offset, byte[] key, byte[] value, List<Header> headers, long timestamp) {
    }

    private final List<Stored> records;
    private final Map<TopicPartition, OffsetAndMetadata> committed;

    private PreservedData(List<Stored> records, Map<TopicPartition, OffsetAndMetadata> committed) {
        this.records = records;
        this.committed = committed;
    }

    static PreservedData store(String bootstrap, long seed) throws Exception {
        ClientSupport.createTopic(bootstrap, TOPIC, PARTITIONS, Map.of());
        Random random = new Random(seed);
        List<Stored> records = new ArrayList<>();
        for (String codec : CODECS) {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, codec,
                    ProducerConfig.LINGER_MS_CONFIG, 5),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (int i = 0; i < RECORDS_PER_CODEC; i++) {
                    byte[] key = i % 7 == 0 ? null : (codec + "-key-" + i).getBytes(UTF_8);
                    byte[] value = new byte[random.nextInt(300)];
                    random.nextBytes(value);
                    List<Header> headers = List.of(new RecordHeader("codec", codec.getBytes(UTF_8)),
                            new RecordHeader("i", i % 3 == 0 ? null : new byte[] {(byte) i}));
                    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TOPIC, i % PARTITIONS,
                            BASE_TIMESTAMP + random.nextInt(1_000_000), key, value, headers);
                    sent.add(record);
                    acks.add(producer.send(record));
                }
                for (int i = 0; i < sent.size(); i++) {
                    RecordMetadata metadata = acks.get(i).get(30, TimeUnit.SECONDS);
                    ProducerRecord<byte[], byte[]> record = sent.get(i);
                    records.add(new Stored(metadata.partition(), metadata.offset(), record.key(), record.value(),
                            List.of(record.headers().toArray()), record.timestamp()));
                }
            }
        }
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            committed.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(7 + p, "kept-" + p));
        }
        try (Admin admin = ClientSupport.admin(bootstrap)) {
            admin.alterConsumerGroupOffsets(GROUP, committed).all().get(30, TimeUnit.SECONDS);
        }
        return new PreservedData(records, committed);
    }

    /** Every stored record reads back as it was written, with nothing before, between or after them. */
    void assertRecordsReadBack(String bootstrap) {
        List<TopicPartition> partitions = ClientSupport.partitions(TOPIC, PARTITIONS);
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> read = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                ClientSupport.consumerConfig(bootstrap, Map.of()), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, ClientSupport.CLIENT_DEADLINE);
            partitions.forEach(tp -> read.put(tp, new ArrayList<>()));
            Waiting.atMost(ClientSupport.CLIENT_DEADLINE, () -> "read "
                    + read.values().stream().mapToInt(List::size).sum() + " of " + records.size()).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.get(new TopicPartition(record.topic(), record.partition())).add(record);
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        for (TopicPartition tp : partitions) {
            List<Stored> expected = records.stream().filter(r -> r.partition() == tp.partition())
                    .sorted(Comparator.comparingLong(Stored::offset)).toList();
            List<ConsumerRecord<byte[], byte[]>> actual = read.get(tp);
            assertThat(actual).as("records of %s", tp).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                Stored want = expected.get(i);
                ConsumerRecord<byte[], byte[]> got = actual.get(i);
                String where = tp + " offset " + want.offset();
                assertThat(got.offset()).as("offset at %s", where).isEqualTo(want.offset());
                assertThat(got.key()).as("key at %s", where).isEqualTo(want.key());
                assertThat(got.value()).as("value at %s", where).isEqualTo(want.value());
                assertThat(got.timestamp()).as("timestamp at %s", where).isEqualTo(want.timestamp());
                assertThat(got.timestampType()).as("timestamp type at %s", where).isEqualTo(TimestampType.CREATE_TIME);
                Header[] headers = got.headers().toArray();
                assertThat(headers).as("headers at %s", where).hasSize(want.headers().size());
                for (int h = 0; h < headers.length; h++) {
                    assertThat(headers[h].key()).as("header key at %s", where).isEqualTo(want.headers().get(h).key());
                    assertThat(headers[h].value()).as("header value at %s", where)
                            .isEqualTo(want.headers().get(h).value());
                }
            }
        }
    }

    /** The group's committed offsets and their metadata are as committed. */
    void assertOffsetsReadBack(String bootstrap) throws Exception {
        try (Admin admin = ClientSupport.admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> now = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(now).as("committed offsets of %s", GROUP).isEqualTo(committed);
        }
    }

    int size() {
        return records.size();
    }

    @Override
    public String toString() {
        return records.size() + " records in " + TOPIC + " (" + Arrays.toString(CODECS.toArray()) + "), offsets of "
                + GROUP;
    }
}
