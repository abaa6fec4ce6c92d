package io.tributary.broker.replication;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;

import io.tributary.broker.log.PartitionLog;

/**
 * A follower's Fetch, as Kafka's {@code RemoteLeaderEndPoint.buildFetch} makes it: the replica's id and broker epoch
 * ({@code ReplicaState} from v15, {@code ReplicaId} before), and per partition the log end as fetch offset, the leader
 * epoch it knows, the epoch of its last batch (v12+, for truncation on fetch) and its log start. Topics go by id from
 * v13, by name before. No fetch session: session id 0 and epoch -1 make every fetch a full one.
 */
final class FollowerFetchRequest {

    /** FetchRequest's "no session, full fetch" epoch. */
    private static final int FINAL_EPOCH = -1;

    private FollowerFetchRequest() {
    }

    /** @param fetchOffsets gets the fetch offset sent for each partition */
    static FetchRequestData build(short version, int replicaId, long brokerEpoch, ReplicaFetcherConfig config,
                                  Map<TopicPartition, PartitionFetchState> partitions, Map<TopicPartition, Long> fetchOffsets) {
        FetchRequestData request = new FetchRequestData()
                .setMaxWaitMs((int) config.fetchWaitMax().toMillis())
                .setMinBytes(config.fetchMinBytes())
                .setMaxBytes(config.responseMaxBytes())
                .setIsolationLevel((byte) 0)
                .setSessionId(0)
                .setSessionEpoch(FINAL_EPOCH);
        if (version >= 15) {
            request.setReplicaState(new FetchRequestData.ReplicaState().setReplicaId(replicaId).setReplicaEpoch(brokerEpoch));
        } else {
            request.setReplicaId(replicaId);
        }
        Map<String, FetchRequestData.FetchTopic> topics = new LinkedHashMap<>();
        partitions.forEach((tp, state) -> {
            FetchRequestData.FetchTopic topic = topics.computeIfAbsent(tp.topic(), name -> {
                FetchRequestData.FetchTopic created = new FetchRequestData.FetchTopic();
                Uuid topicId = state.partition().topicId();
                return version >= 13 ? created.setTopicId(topicId) : created.setTopic(name);
            });
            PartitionLog log = state.partition().log();
            long fetchOffset = log.logEndOffset();
            fetchOffsets.put(tp, fetchOffset);
            FetchRequestData.FetchPartition partition = new FetchRequestData.FetchPartition()
                    .setPartition(tp.partition())
                    .setCurrentLeaderEpoch(state.leaderEpoch())
                    .setFetchOffset(fetchOffset)
                    .setLogStartOffset(log.logStartOffset())
                    .setPartitionMaxBytes(config.fetchMaxBytes());
            if (version >= 12) {
                partition.setLastFetchedEpoch(log.latestEpoch().orElse(-1));
            }
            topic.partitions().add(partition);
        });
        request.topics().addAll(topics.values());
        return request;
    }
}
