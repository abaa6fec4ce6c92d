package io.tributary.admin.lag;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.tributary.admin.error.ApiProblemException;
import io.tributary.admin.group.ConsumerGroupViews;
import io.tributary.admin.group.ConsumerGroups;
import io.tributary.admin.kafka.AdminCalls;
import io.tributary.admin.resource.Links;
import io.tributary.admin.resource.ResourceMetadata;
import io.tributary.lag.PartitionLag;
import io.tributary.lag.RecordAge;
import io.tributary.lag.RecordTimestamps;

/**
 * Measures a group's lag on every partition of the topics it has committed offsets for or is assigned: committed
 * offsets (OffsetFetch), log start and end offsets (ListOffsets), the member owning each partition, the age of the
 * record at each committed offset, and the rates from earlier samples. A partition the group never committed is
 * listed with a null commit, never left out. A topic deleted since the group committed to it is listed with the
 * partitions it has commits for and unknown log offsets.
 *
 * <p>The catch-up estimate divides the lag by how fast it shrinks: the consume rate less the produce rate over the
 * same samples; it is null when the lag is not shrinking or no rate is known yet.
 */
@Component
class GroupLags {

    static final String MAX_PARTITIONS_SETTING = "tributary.admin.lag.max-partitions";

    private final Admin admin;
    private final AdminCalls calls;
    private final ConsumerGroups groups;
    private final RecordTimestamps timestamps;
    private final ConsumeRates rates;
    private final Links links;
    private final int maxPartitions;
    private final Clock clock = Clock.systemUTC();

    GroupLags(Admin admin, AdminCalls calls, ConsumerGroups groups, RecordTimestamps timestamps, ConsumeRates rates,
            Links links, LagProperties properties) {
        this.admin = admin;
        this.calls = calls;
        this.groups = groups;
        this.timestamps = timestamps;
        this.rates = rates;
        this.links = links;
        this.maxPartitions = properties.maxPartitions();
    }

    /** Every partition's lag, in topic and partition order. */
    List<PartitionLagResource> all(String clusterId, String groupId) {
        return partitions(clusterId, groupId, null, null);
    }

    /** The lag of every partition of {@code topic}. */
    List<PartitionLagResource> topic(String clusterId, String groupId, String topic) {
        return partitions(clusterId, groupId, topic, null);
    }

    /** One partition's lag, measured alone. */
    PartitionLagResource partition(String clusterId, String groupId, String topic, int partition) {
        List<PartitionLagResource> lags = partitions(clusterId, groupId, topic, partition);
        if (lags.isEmpty()) {
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "partition-not-found",
                    "Topic '" + topic + "' has no partition " + partition + " consumed by group '" + groupId + "'");
        }
        return lags.get(0);
    }

    private List<PartitionLagResource> partitions(String clusterId, String groupId, String onlyTopic,
            Integer onlyPartition) {
        ConsumerGroupDescription group = groups.describe(groupId);
        Map<TopicPartition, Long> committed = new HashMap<>();
        calls.get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()).forEach((tp, offset) -> {
            if (offset != null && (onlyTopic == null || onlyTopic.equals(tp.topic()))) {
                committed.put(tp, offset.offset());
            }
        });
        Map<TopicPartition, MemberDescription> owners = owners(group, onlyTopic);
        Set<String> topics = new TreeSet<>();
        committed.keySet().forEach(tp -> topics.add(tp.topic()));
        owners.keySet().forEach(tp -> topics.add(tp.topic()));
        if (onlyTopic != null && topics.isEmpty()) {
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "topic-not-consumed",
                    "Consumer group '" + groupId + "' has neither committed offsets for topic '" + onlyTopic
                            + "' nor members assigned to it");
        }
        Set<TopicPartition> partitions = new TreeSet<>(ConsumerGroupViews.PARTITION_ORDER);
        Set<TopicPartition> live = new TreeSet<>(ConsumerGroupViews.PARTITION_ORDER);
        partitionsOf(topics, committed, live, partitions);
        if (onlyPartition != null) {
            live.removeIf(tp -> tp.partition() != onlyPartition);
            partitions.removeIf(tp -> tp.partition() != onlyPartition);
        }
        requireAtMost(maxPartitions, groupId, partitions.size());
        Map<TopicPartition, Long> logStarts = offsets(live, OffsetSpec.earliest());
        Map<TopicPartition, Long> logEnds = offsets(live, OffsetSpec.latest());

        Map<TopicPartition, PartitionLag> measured = new HashMap<>();
        Map<TopicPartition, Long> readAt = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionLag lag = new PartitionLag(committed.get(tp), logStarts.get(tp), logEnds.get(tp));
            measured.put(tp, lag);
            if (lag.readAt() != null) {
                readAt.put(tp, lag.readAt());
            }
        }
        Map<TopicPartition, RecordAge> ages = timestamps.at(readAt, logEnds);
        long now = clock.millis();

        List<PartitionLagResource> lags = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            lags.add(lag(clusterId, groupId, tp, measured.get(tp), ages.get(tp), owners.get(tp), now));
        }
        return lags;
    }

    /**
     * Refuses before anything is read: every partition costs two offset lookups and a record read, so the count one
     * request may measure is bounded.
     */
    static void requireAtMost(int maxPartitions, String groupId, int partitions) {
        if (partitions > maxPartitions) {
            throw new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "too-many-partitions",
                    "Consumer group '" + groupId + "' has " + partitions + " partitions to measure, more than the "
                            + maxPartitions + " that " + MAX_PARTITIONS_SETTING + " allows in one request: ask per "
                            + "topic (…/lags/{topic_name}) or raise the setting",
                    Map.of("partitions", partitions, "max_partitions", maxPartitions, "setting",
                            MAX_PARTITIONS_SETTING));
        }
    }

    private PartitionLagResource lag(String clusterId, String groupId, TopicPartition tp, PartitionLag measured,
            RecordAge age, MemberDescription owner, long now) {
        Long commit = measured.committed();
        Long logEnd = measured.logEnd();
        Long lag = measured.offsets();
        Double seconds = measured.seconds(age, now);
        ConsumeRates.Rates rate = lag == null ? ConsumeRates.Rates.UNKNOWN
                : rates.observe(groupId, tp, commit, logEnd, now);
        return new PartitionLagResource("KafkaConsumerLag",
                new ResourceMetadata(
                        links.cluster(clusterId, "/consumer-groups/{group}/lags/{topic}/partitions/{partition}",
                                groupId, tp.topic(), tp.partition()),
                        Links.resourceName(clusterId, "consumer-group", groupId, "lag", tp.topic(), "partition",
                                Integer.toString(tp.partition()))),
                clusterId, groupId, tp.topic(), tp.partition(),
                owner == null ? null : owner.consumerId(),
                owner == null ? null : owner.groupInstanceId().orElse(null),
                owner == null ? null : owner.clientId(),
                commit, commit, measured.logStart(), logEnd, lag, seconds, measured.belowLogStart(), rate.consumed(),
                catchUp(lag, rate));
    }

    private static Double catchUp(Long lag, ConsumeRates.Rates rate) {
        if (lag == null) {
            return null;
        }
        if (lag == 0) {
            return 0.0;
        }
        if (rate.consumed() == null || rate.consumed() <= 0) {
            return null;
        }
        double shrinking = rate.consumed() - rate.produced();
        return shrinking > 0 ? lag / shrinking : null;
    }

    private static Map<TopicPartition, MemberDescription> owners(ConsumerGroupDescription group, String onlyTopic) {
        Map<TopicPartition, MemberDescription> owners = new HashMap<>();
        for (MemberDescription member : group.members()) {
            for (TopicPartition tp : member.assignment().topicPartitions()) {
                if (onlyTopic == null || onlyTopic.equals(tp.topic())) {
                    owners.put(tp, member);
                }
            }
        }
        return owners;
    }

    /** Fills {@code all} with every partition to list and {@code live} with those of topics that exist. */
    private void partitionsOf(Set<String> topics, Map<TopicPartition, Long> committed, Set<TopicPartition> live,
            Set<TopicPartition> all) {
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics).topicNameValues();
        for (String topic : topics) {
            try {
                TopicDescription description = calls.get(described.get(topic));
                description.partitions().forEach(p -> live.add(new TopicPartition(topic, p.partition())));
            } catch (UnknownTopicOrPartitionException deleted) {
                committed.keySet().stream().filter(tp -> tp.topic().equals(topic)).forEach(all::add);
            }
        }
        all.addAll(live);
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, ListOffsetsResultInfo> answered = calls.get(admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> spec))).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answered.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }
}
