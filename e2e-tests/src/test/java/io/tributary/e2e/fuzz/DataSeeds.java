package io.tributary.e2e.fuzz;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Valid bodies of the data-path APIs (Produce, Fetch, ListOffsets, InitProducerId, DescribeTopicPartitions), as a
 * producer or consumer sends them at each version. Produce seeds use acks 1 and -1 (acks=0 gets no answer, which
 * would make an unmutated seed indistinguishable from a hang); Fetch seeds wait at most a few milliseconds.
 */
final class DataSeeds {

    private DataSeeds() {
    }

    static List<ApiMessage> bodies(ApiKeys key, short version, SeedContext ctx) {
        return switch (key) {
            case PRODUCE -> produce(version, ctx);
            case FETCH -> List.of(fetch(version, ctx, 0L), fetch(version, ctx, 2L));
            case LIST_OFFSETS -> List.of(listOffsets(version, ctx));
            case INIT_PRODUCER_ID -> List.of(new InitProducerIdRequestData().setTransactionalId(null)
                    .setTransactionTimeoutMs(60_000).setProducerId(-1).setProducerEpoch((short) -1));
            case DESCRIBE_TOPIC_PARTITIONS -> List.of(new DescribeTopicPartitionsRequestData()
                    .setTopics(List.of(new DescribeTopicPartitionsRequestData.TopicRequest().setName(ctx.liveTopic()),
                            new DescribeTopicPartitionsRequestData.TopicRequest().setName(ctx.compactTopic())))
                    .setResponsePartitionLimit(2000));
            default -> List.of();
        };
    }

    private static List<ApiMessage> produce(short version, SeedContext ctx) {
        CompressionType codec = SeedBatches.CODECS.get(version % SeedBatches.CODECS.size());
        CompressionType other = SeedBatches.CODECS.get((version + 2) % SeedBatches.CODECS.size());
        List<ApiMessage> bodies = new ArrayList<>();
        bodies.add(produce(version, ctx, false, version % ctx.livePartitions(), (short) 1,
                SeedBatches.keyed(codec)));
        bodies.add(produce(version, ctx, false, (version + 1) % ctx.livePartitions(), (short) -1,
                SeedBatches.idempotent(other, ctx.producerId(), ctx.producerEpoch())));
        bodies.add(produce(version, ctx, true, 0, (short) 1, SeedBatches.keyed(other)));
        return bodies;
    }

    private static ProduceRequestData produce(short version, SeedContext ctx, boolean compact, int partition,
            short acks, MemoryRecords records) {
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData();
        if (version >= 13) {
            topic.setTopicId(compact ? ctx.compactTopicId() : ctx.liveTopicId());
        } else {
            topic.setName(compact ? ctx.compactTopic() : ctx.liveTopic());
        }
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(partition)
                .setRecords(records));
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(topic);
        return new ProduceRequestData().setAcks(acks).setTimeoutMs(5000).setTopicData(topics);
    }

    private static FetchRequestData fetch(short version, SeedContext ctx, long offset) {
        FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic();
        if (version >= 13) {
            topic.setTopicId(ctx.liveTopicId());
        } else {
            topic.setTopic(ctx.liveTopic());
        }
        for (int p = 0; p < ctx.livePartitions(); p++) {
            topic.partitions().add(new FetchRequestData.FetchPartition().setPartition(p).setFetchOffset(offset)
                    .setPartitionMaxBytes(16 * 1024));
        }
        return new FetchRequestData().setMaxWaitMs(5).setMinBytes(1).setMaxBytes(64 * 1024)
                .setSessionId(0).setSessionEpoch(-1).setTopics(List.of(topic));
    }

    private static ListOffsetsRequestData listOffsets(short version, SeedContext ctx) {
        ListOffsetsRequestData.ListOffsetsTopic topic = new ListOffsetsRequestData.ListOffsetsTopic()
                .setName(ctx.liveTopic());
        long[] timestamps = version >= 7 ? new long[] {-1, -2, -3} : new long[] {-1, -2, 0};
        for (int p = 0; p < ctx.livePartitions(); p++) {
            topic.partitions().add(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(p)
                    .setTimestamp(timestamps[p % timestamps.length]));
        }
        return new ListOffsetsRequestData().setReplicaId(-1).setTopics(List.of(topic)).setTimeoutMs(5000);
    }
}
