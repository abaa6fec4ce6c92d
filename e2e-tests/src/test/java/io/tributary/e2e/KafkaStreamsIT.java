package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Waiting;
import io.tributary.e2e.support.TributaryProcess;

/**
 * Kafka Streams, the client stack's most demanding user, against the standalone jar: a word count, at least once,
 * with two stream threads. Streams creates its internal topics through the Admin client with their own configs
 * (a repartition topic for the regrouping by word, a compacted changelog for the counts' state store), runs a
 * consumer group with its own assignor, commits offsets, and purges the repartition topic with DeleteRecords
 * (its repartition topics keep records forever otherwise: Streams creates them with retention.ms=-1). The counts
 * read from the output topic must be exactly those of the input.
 */
class KafkaStreamsIT {

    private static final String APPLICATION = "word-count";
    private static final String INPUT = "streams-lines";
    private static final String OUTPUT = "streams-word-counts";
    private static final String REPARTITION = APPLICATION + "-words-repartition";
    private static final String CHANGELOG = APPLICATION + "-word-counts-changelog";
    private static final int PARTITIONS = 3;
    private static final int LINES = 600;
    private static final List<String> VOCABULARY = List.of("river", "delta", "stream", "source", "mouth", "bank",
            "ford", "weir", "lock", "eddy", "rapid", "pool", "bend", "spring", "brook", "creek", "tide", "flow",
            "marsh", "lake");
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;

    @TempDir
    Path stateDir;

    @Test
    void aWordCountThroughARepartitionTopicAndAChangelogCountsExactly() throws Exception {
        try (TributaryProcess node = TributaryProcess.startStandalone(dataDir)) {
            ClientSupport.createTopic(node.bootstrap(), INPUT, PARTITIONS, Map.of());
            ClientSupport.createTopic(node.bootstrap(), OUTPUT, PARTITIONS, Map.of());
            Map<String, Long> expected = produceLines(node.bootstrap());

            try (KafkaStreams streams = new KafkaStreams(wordCount(), streamsConfig(node.bootstrap()))) {
                streams.start();
                Map<String, Long> counts = new HashMap<>();
                try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(
                        ClientSupport.consumerConfig(node.bootstrap(), Map.of()), new StringDeserializer(),
                        new LongDeserializer())) {
                    List<TopicPartition> partitions = ClientSupport.partitions(OUTPUT, PARTITIONS);
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    Waiting.atMost(DEADLINE, () -> "the latest counts in " + OUTPUT + " are " + counts + ", expected "
                            + expected + "; Streams is " + streams.state()).until(() -> {
                        if (streams.state() == KafkaStreams.State.ERROR) {
                            throw new AssertionError("the Streams application failed");
                        }
                        for (ConsumerRecord<String, Long> record : consumer.poll(Duration.ofMillis(200))) {
                            counts.put(record.key(), record.value());
                        }
                        return counts.equals(expected);
                    });
                }
                assertThat(counts).as("final word counts").isEqualTo(expected);
                assertInternalTopics(node.bootstrap());
                assertRepartitionTopicPurged(node.bootstrap());
            }
        }
    }

    /** Lines of 1 to 8 words from the vocabulary, keyed by line number; answers how often each word occurs. */
    private static Map<String, Long> produceLines(String bootstrap) throws Exception {
        Random random = new Random(20261129);
        Map<String, Long> expected = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                ClientSupport.producerConfig(bootstrap, Map.of()), new StringSerializer(), new StringSerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (int line = 0; line < LINES; line++) {
                List<String> words = new ArrayList<>();
                for (int w = 1 + random.nextInt(8); w > 0; w--) {
                    String word = VOCABULARY.get(random.nextInt(VOCABULARY.size()));
                    words.add(random.nextBoolean() ? word : word.toUpperCase());
                    expected.merge(word, 1L, Long::sum);
                }
                acks.add(producer.send(new ProducerRecord<>(INPUT, "line-" + line, String.join("  ", words))));
            }
            for (Future<?> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
        return expected;
    }

    private static Topology wordCount() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(INPUT, Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> Arrays.stream(line.toLowerCase().split("\\s+"))
                        .filter(word -> !word.isEmpty()).toList())
                .groupBy((key, word) -> word, Grouped.with("words", Serdes.String(), Serdes.String()))
                .count(Materialized.as("word-counts"))
                .toStream()
                .to(OUTPUT, Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    private Properties streamsConfig(String bootstrap) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        props.put(StreamsConfig.REPARTITION_PURGE_INTERVAL_MS_CONFIG, 200);
        return props;
    }

    /**
     * Streams deletes what it consumed from its repartition topic (DeleteRecords after each commit): once every
     * count is out, each partition's log start offset reaches its end.
     */
    private static void assertRepartitionTopicPurged(String bootstrap) {
        try (Admin admin = ClientSupport.admin(bootstrap)) {
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            ClientSupport.partitions(REPARTITION, PARTITIONS).forEach(tp -> {
                earliest.put(tp, OffsetSpec.earliest());
                latest.put(tp, OffsetSpec.latest());
            });
            Map<TopicPartition, Long> starts = new HashMap<>();
            Map<TopicPartition, Long> ends = new HashMap<>();
            Waiting.atMost(DEADLINE, () -> REPARTITION + " starts at " + starts + ", ends at " + ends).until(() -> {
                starts.putAll(offsets(admin, earliest));
                ends.putAll(offsets(admin, latest));
                return ends.values().stream().mapToLong(Long::longValue).sum() > 0 && starts.equals(ends);
            });
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Map<TopicPartition, OffsetSpec> specs) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        } catch (Exception e) {
            throw new AssertionError("ListOffsets of " + specs.keySet() + " failed", e);
        }
    }

    /** The internal topics exist with the configs Streams asked for. */
    private static void assertInternalTopics(String bootstrap) throws Exception {
        try (Admin admin = ClientSupport.admin(bootstrap)) {
            assertThat(admin.describeTopics(List.of(REPARTITION, CHANGELOG)).allTopicNames().get(30, TimeUnit.SECONDS))
                    .allSatisfy((name, description) -> assertThat(description.partitions()).as(name)
                            .hasSize(PARTITIONS));
            ConfigResource changelog = new ConfigResource(ConfigResource.Type.TOPIC, CHANGELOG);
            assertThat(admin.describeConfigs(List.of(changelog)).all().get(30, TimeUnit.SECONDS).get(changelog)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as("the changelog's cleanup.policy")
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }
}
