package io.tributary.coordinator.group;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tributary.coordinator.log.CoordinatorRecord;

/**
 * A group's committed offsets: OffsetCommit (validated against the group's generation and members as Kafka does),
 * OffsetFetch and OffsetDelete. A commit or a deletion is applied in memory only once the log has it.
 */
final class GroupOffsets {

    private static final Logger log = LoggerFactory.getLogger(GroupOffsets.class);

    private final GroupRuntime runtime;
    private final GroupPartitions partitions;
    private final TopicExistence topics;

    GroupOffsets(GroupRuntime runtime, GroupPartitions partitions, TopicExistence topics) {
        this.runtime = runtime;
        this.partitions = partitions;
        this.topics = topics;
    }

    CompletableFuture<OffsetCommitResponseData> commitOffsets(OffsetCommitRequestData request, short version) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        List<OffsetCommitResponseData.OffsetCommitResponsePartition> all = new ArrayList<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : request.topics()) {
            OffsetCommitResponseData.OffsetCommitResponseTopic t = new OffsetCommitResponseData.OffsetCommitResponseTopic()
                    .setName(topic.name());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                OffsetCommitResponseData.OffsetCommitResponsePartition result =
                        new OffsetCommitResponseData.OffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex());
                t.partitions().add(result);
                all.add(result);
            }
            response.topics().add(t);
        }
        if (GroupRequestLimits.groupId(request.groupId()) != Errors.NONE) {
            all.forEach(p -> p.setErrorCode(Errors.INVALID_GROUP_ID.code()));
            return CompletableFuture.completedFuture(response);
        }
        CompletableFuture<OffsetCommitResponseData> future = new CompletableFuture<>();
        int generation = request.generationIdOrMemberEpoch();
        partitions.withGroup(request.groupId(), generation < 0, error -> {
            all.forEach(p -> p.setErrorCode(error.code()));
            return future.complete(response);
        }, (state, group) -> {
            Errors invalid = group == null
                    // Kafka: v9+ says the group does not exist; older versions say the generation is wrong
                    ? (version >= 9 ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION)
                    : validateCommit(group, generation, request.memberId(), request.groupInstanceId());
            if (invalid != Errors.NONE) {
                all.forEach(p -> p.setErrorCode(invalid.code()));
                return future.complete(response);
            }
            long now = runtime.now();
            List<CoordinatorRecord> records = new ArrayList<>();
            List<OffsetCommitResponseData.OffsetCommitResponsePartition> written = new ArrayList<>();
            int i = 0;
            for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : request.topics()) {
                for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                    OffsetCommitResponseData.OffsetCommitResponsePartition result = all.get(i++);
                    String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                    if (!topics.exists(new TopicPartition(topic.name(), p.partitionIndex()))) {
                        result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    } else if (metadata.length() > runtime.config.offsetMetadataMaxBytes()) {
                        result.setErrorCode(Errors.OFFSET_METADATA_TOO_LARGE.code());
                    } else {
                        records.add(new CoordinatorRecord.OffsetCommit(group.groupId(), topic.name(), p.partitionIndex(),
                                p.committedOffset(), p.committedLeaderEpoch(), metadata, now));
                        written.add(result);
                    }
                }
            }
            if (records.isEmpty()) {
                return future.complete(response);
            }
            group.pendingOffsetWrites++;
            runtime.append(group, records, error -> {
                group.pendingOffsetWrites--;
                if (error == Errors.NONE && !group.is(GroupState.DEAD)) {
                    for (CoordinatorRecord r : records) {
                        CoordinatorRecord.OffsetCommit commit = (CoordinatorRecord.OffsetCommit) r;
                        group.offsets().put(new TopicPartition(commit.topic(), commit.partition()), commit);
                    }
                }
                written.forEach(p -> p.setErrorCode(error.code()));
                group.defer(() -> future.complete(response));
            });
            return true;
        });
        return future;
    }

    /** Kafka's {@code ClassicGroup.validateOffsetCommit}. */
    private static Errors validateCommit(ClassicGroup group, int generation, String memberId, String groupInstanceId) {
        String member = memberId == null ? "" : memberId;
        if (generation < 0 && group.is(GroupState.EMPTY)) {
            return Errors.NONE; // Admin or an assign() consumer: allowed while nobody is a member
        }
        if (generation >= 0 || !member.isEmpty() || groupInstanceId != null) {
            Errors invalid = Membership.validateMember(group, member, groupInstanceId);
            if (invalid != Errors.NONE) {
                return invalid;
            }
            if (generation != group.generationId()) {
                return Errors.ILLEGAL_GENERATION;
            }
        } else if (!group.is(GroupState.EMPTY)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return group.is(GroupState.COMPLETING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    /**
     * The committed offsets of one group, in the v8+ layout. {@code topics == null} means every partition with a
     * committed offset. A partition without one gets offset -1 and no error; so does every partition of a group
     * that does not exist (Kafka returns GROUP_ID_NOT_FOUND only for new-protocol consumer groups).
     * {@code requireStable} needs no wait: there are no transactional offsets, and a commit is visible only once
     * written.
     */
    OffsetFetchResponseData.OffsetFetchResponseGroup fetchOffsets(String groupId,
            List<OffsetFetchRequestData.OffsetFetchRequestTopics> requested, boolean requireStable) {
        OffsetFetchResponseData.OffsetFetchResponseGroup result =
                new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(groupId);
        if (GroupRequestLimits.groupId(groupId) != Errors.NONE) {
            return result.setErrorCode(Errors.INVALID_GROUP_ID.code());
        }
        return partitions.withGroup(groupId, false, error -> result.setErrorCode(error.code()), (state, group) -> {
            Map<TopicPartition, CoordinatorRecord.OffsetCommit> offsets = group == null ? Map.of() : group.offsets();
            Map<String, OffsetFetchResponseData.OffsetFetchResponseTopics> byTopic = new LinkedHashMap<>();
            if (requested == null) {
                offsets.values().forEach(c -> topicOf(byTopic, c.topic()).partitions().add(partitionResult(c.partition(), c)));
            } else {
                for (OffsetFetchRequestData.OffsetFetchRequestTopics topic : requested) {
                    OffsetFetchResponseData.OffsetFetchResponseTopics t = topicOf(byTopic, topic.name());
                    for (int partition : topic.partitionIndexes()) {
                        t.partitions().add(partitionResult(partition,
                                offsets.get(new TopicPartition(topic.name(), partition))));
                    }
                }
            }
            result.topics().addAll(byTopic.values());
            return result;
        });
    }

    private static OffsetFetchResponseData.OffsetFetchResponseTopics topicOf(
            Map<String, OffsetFetchResponseData.OffsetFetchResponseTopics> byTopic, String name) {
        return byTopic.computeIfAbsent(name, n -> new OffsetFetchResponseData.OffsetFetchResponseTopics().setName(n));
    }

    private static OffsetFetchResponseData.OffsetFetchResponsePartitions partitionResult(int partition,
                                                                                        CoordinatorRecord.OffsetCommit commit) {
        OffsetFetchResponseData.OffsetFetchResponsePartitions result =
                new OffsetFetchResponseData.OffsetFetchResponsePartitions().setPartitionIndex(partition);
        if (commit == null) {
            return result.setCommittedOffset(-1).setCommittedLeaderEpoch(-1).setMetadata("");
        }
        return result.setCommittedOffset(commit.offset()).setCommittedLeaderEpoch(commit.leaderEpoch())
                .setMetadata(commit.metadata());
    }

    /**
     * OffsetDelete: refused with GROUP_SUBSCRIBED_TO_TOPIC for the topics a non-empty consumer group subscribes
     * to; the others get tombstones, written before the answer.
     */
    CompletableFuture<OffsetDeleteResponseData> deleteOffsets(OffsetDeleteRequestData request) {
        OffsetDeleteResponseData response = new OffsetDeleteResponseData();
        if (GroupRequestLimits.groupId(request.groupId()) != Errors.NONE) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_GROUP_ID.code()));
        }
        CompletableFuture<OffsetDeleteResponseData> future = new CompletableFuture<>();
        partitions.withGroup(request.groupId(), false, error -> future.complete(response.setErrorCode(error.code())), (state, group) -> {
            if (group == null) {
                return future.complete(response.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
            }
            Set<String> subscribed;
            if (group.is(GroupState.EMPTY)) {
                subscribed = Set.of();
            } else if (ConsumerProtocol.PROTOCOL_TYPE.equals(group.protocolType())) {
                subscribed = subscribedTopics(group);
            } else {
                return future.complete(response.setErrorCode(Errors.NON_EMPTY_GROUP.code()));
            }
            List<CoordinatorRecord> records = new ArrayList<>();
            Map<TopicPartition, CoordinatorRecord.OffsetCommit> deleted = new LinkedHashMap<>();
            List<OffsetDeleteResponseData.OffsetDeleteResponsePartition> written = new ArrayList<>();
            for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : request.topics()) {
                OffsetDeleteResponseData.OffsetDeleteResponseTopic t = new OffsetDeleteResponseData.OffsetDeleteResponseTopic()
                        .setName(topic.name());
                response.topics().add(t);
                for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : topic.partitions()) {
                    OffsetDeleteResponseData.OffsetDeleteResponsePartition result =
                            new OffsetDeleteResponseData.OffsetDeleteResponsePartition().setPartitionIndex(p.partitionIndex());
                    t.partitions().add(result);
                    TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
                    if (subscribed == null || subscribed.contains(topic.name())) {
                        result.setErrorCode(Errors.GROUP_SUBSCRIBED_TO_TOPIC.code());
                    } else if (group.offsets().containsKey(tp)) {
                        deleted.put(tp, group.offsets().get(tp));
                        records.add(new CoordinatorRecord.OffsetTombstone(group.groupId(), tp.topic(), tp.partition()));
                        written.add(result);
                    }
                }
            }
            if (records.isEmpty()) {
                return future.complete(response);
            }
            runtime.append(group, records, error -> {
                if (error == Errors.NONE) {
                    // only what the tombstones covered: a commit that landed meanwhile is newer and stays
                    deleted.forEach((tp, commit) -> group.offsets().remove(tp, commit));
                    log.info("Deleted {} committed offset(s) of group {}", deleted.size(), group.groupId());
                }
                written.forEach(p -> p.setErrorCode(error.code()));
                group.defer(() -> future.complete(response));
            });
            return true;
        });
        return future;
    }

    /** The topics the members subscribe to; {@code null} (treat all as subscribed) if a subscription is unreadable. */
    private static Set<String> subscribedTopics(ClassicGroup group) {
        Set<String> topics = new HashSet<>();
        for (GroupMember member : group.members()) {
            if (group.protocolName() == null) {
                return null;
            }
            try {
                ConsumerPartitionAssignor.Subscription subscription =
                        ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(member.metadata(group.protocolName())));
                topics.addAll(subscription.topics());
            } catch (RuntimeException e) {
                return null;
            }
        }
        return topics;
    }
}
