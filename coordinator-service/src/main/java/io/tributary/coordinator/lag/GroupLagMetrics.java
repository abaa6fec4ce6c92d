package io.tributary.coordinator.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.metadata.ClusterMetadata;

/**
 * Consumer lag of the groups this coordinator owns, as gauges tagged by group, topic and partition: the committed
 * offset, the partition's log end offset (asked of the brokers with ListOffsets, as {@code kafka-consumer-groups}
 * does) and their difference. Refreshed on a fixed period rather than on every commit, so a busy group costs one
 * ListOffsets round per period.
 */
public final class GroupLagMetrics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupLagMetrics.class);
    private static final long REFRESH_SECONDS = 10;

    private final GroupCoordinator groups;
    private final ClusterMetadata metadata;
    private final ScheduledExecutorService scheduler;
    private final MultiGauge committed;
    private final MultiGauge logEnd;
    private final MultiGauge lag;
    private volatile Admin admin;
    private ScheduledFuture<?> task;

    public GroupLagMetrics(GroupCoordinator groups, ClusterMetadata metadata, MeterRegistry meters,
                           ScheduledExecutorService scheduler) {
        this.groups = groups;
        this.metadata = metadata;
        this.scheduler = scheduler;
        this.committed = MultiGauge.builder("tributary.group.committed.offset")
                .description("Committed offset of a consumer group in a partition").register(meters);
        this.logEnd = MultiGauge.builder("tributary.group.log.end.offset")
                .description("Log end offset (high watermark) of a partition a consumer group has committed in").register(meters);
        this.lag = MultiGauge.builder("tributary.group.lag")
                .description("Log end offset minus the committed offset of a consumer group in a partition").register(meters);
    }

    public void start() {
        task = scheduler.scheduleWithFixedDelay(this::refreshQuietly, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (Exception e) {
            log.debug("Refreshing consumer lag failed: {}", e.toString());
        }
    }

    /** Recomputes every gauge now; rows of groups and partitions that went away disappear. */
    public void refresh() throws Exception {
        Map<String, Map<TopicPartition, Long>> commits = new HashMap<>();
        for (ListGroupsResponseData.ListedGroup group : groups.listGroups(null, null).groups()) {
            OffsetFetchResponseData.OffsetFetchResponseGroup offsets = groups.fetchOffsets(group.groupId(), null, false);
            Map<TopicPartition, Long> byPartition = new HashMap<>();
            for (OffsetFetchResponseData.OffsetFetchResponseTopics topic : offsets.topics()) {
                for (OffsetFetchResponseData.OffsetFetchResponsePartitions p : topic.partitions()) {
                    if (p.committedOffset() >= 0) {
                        byPartition.put(new TopicPartition(topic.name(), p.partitionIndex()), p.committedOffset());
                    }
                }
            }
            if (!byPartition.isEmpty()) {
                commits.put(group.groupId(), byPartition);
            }
        }
        Map<TopicPartition, Long> ends = commits.isEmpty() ? Map.of() : logEndOffsets(commits);
        List<MultiGauge.Row<?>> committedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> endRows = new ArrayList<>();
        List<MultiGauge.Row<?>> lagRows = new ArrayList<>();
        commits.forEach((group, offsets) -> offsets.forEach((tp, offset) -> {
            Tags tags = Tags.of("group", group, "topic", tp.topic(), "partition", String.valueOf(tp.partition()));
            committedRows.add(MultiGauge.Row.of(tags, offset));
            Long end = ends.get(tp);
            if (end != null) {
                endRows.add(MultiGauge.Row.of(tags, end));
                lagRows.add(MultiGauge.Row.of(tags, Math.max(0, end - offset)));
            }
        }));
        committed.register(committedRows, true);
        logEnd.register(endRows, true);
        lag.register(lagRows, true);
    }

    private Map<TopicPartition, Long> logEndOffsets(Map<String, Map<TopicPartition, Long>> commits) throws Exception {
        Map<TopicPartition, OffsetSpec> request = commits.values().stream()
                .flatMap(m -> m.keySet().stream())
                .distinct()
                .filter(tp -> metadata.topic(tp.topic()).isPresent())
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        if (request.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                admin().listOffsets(request).all().get(REFRESH_SECONDS, TimeUnit.SECONDS);
        result.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            String bootstrap = metadata.liveBrokers().stream()
                    .map(b -> b.host() + ":" + b.port())
                    .collect(Collectors.joining(","));
            if (bootstrap.isEmpty()) {
                throw new IllegalStateException("no live broker to ask for log end offsets");
            }
            int timeoutMs = Math.toIntExact(TimeUnit.SECONDS.toMillis(REFRESH_SECONDS));
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.CLIENT_ID_CONFIG, "tributary-coordinator-lag",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs));
        }
        return admin;
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
        Admin current = admin;
        if (current != null) {
            // a refresh still waiting on brokers that are gone must not hold up the shutdown: its gauges die with us
            current.close(Duration.ZERO);
        }
    }
}
