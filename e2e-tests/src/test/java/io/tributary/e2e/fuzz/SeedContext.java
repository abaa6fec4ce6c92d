package io.tributary.e2e.fuzz;

import org.apache.kafka.common.Uuid;

/**
 * What the valid requests name: topics and a group that exist only for fuzzing, and a producer id the node issued.
 * Nothing here names data a test protects (see {@link FuzzTopics#PROTECTED_PREFIX}), so no mutation of a seed can
 * reach that data through a name or id the seed carries.
 *
 * @param liveTopic     a topic with {@code livePartitions} partitions that seeds produce to, fetch and commit on
 * @param compactTopic  a compacted topic of one partition: produce there takes the broker's per-record key check
 * @param churnTopic    the topic that CreateTopics, CreatePartitions and DeleteTopics seeds create and delete
 * @param group         the consumer group that every group seed names
 * @param nodeId        the id of a broker: a DescribeConfigs resource, and the churn topic's one replica
 */
record SeedContext(String liveTopic, Uuid liveTopicId, int livePartitions, String compactTopic,
        Uuid compactTopicId, String churnTopic, String group, long producerId, short producerEpoch, int nodeId) {
}
