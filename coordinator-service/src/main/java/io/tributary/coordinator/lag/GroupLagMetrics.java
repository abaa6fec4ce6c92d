package io.tributary.coordinator.lag;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.tributary.coordinator.group.GroupCoordinator;
import io.tributary.lag.PartitionLag;
import io.tributary.lag.RecordAge;
import io.tributary.lag.RecordTimestamps;
import io.tributary.metadata.ClusterMetadata;

/**
 * Consumer lag of the groups this coordinator owns, as gauges tagged by group, topic and partition: the committed
 * offset, the partition's log end offset (asked of the brokers with ListOffsets, as {@code kafka-consumer-groups}
 * does), the lag in offsets and the lag in seconds, both as consumer-lag's {@link PartitionLag} defines them (the
 * admin API's {@code lag} and {@code lag_seconds}). Refreshed on a fixed period rather than on every commit, so a
 * busy group costs two ListOffsets rounds per period, and reading the ages of the records the groups resume at is
 * bounded by a few readers ({@link RecordTimestamps}) and one time budget per refresh.
 */
public final class GroupLagMetrics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupLagMetrics.class);
    private static final long REFRESH_SECONDS = 10;
    /** Consumers reading record timestamps at once: what a refresh may cost the brokers beyond its ListOffsets. */
    private static final int AGE_READERS = 2;
    /** All of a refresh's record reads together: an offset not read by then has no lag in seconds this period. */
    private static final Duration AGE_READ_TIMEOUT = Duration.ofSeconds(5);

    private final GroupCoordinator groups;
    private final ClusterMetadata metadata;
    private final ScheduledExecutorService scheduler;
    private final MultiGauge committed;
    private final MultiGauge logEnd;
    private final MultiGauge lag;
    private final MultiGauge lagSeconds;
    private final Clock clock;
    private volatile Admin admin;
    private volatile RecordTimestamps timestamps;
    private ScheduledFuture<?> task;

    public GroupLagMetrics(GroupCoordinator groups, ClusterMetadata metadata, MeterRegistry meters,
                           ScheduledExecutorService scheduler, Clock clock) {
        this.groups = groups;
        this.clock = clock;
        this.metadata = metadata;
        this.scheduler = scheduler;
        this.committed = MultiGauge.builder("tributary.group.committed.offset")
                .description("Committed offset of a consumer group in a partition").register(meters);
        this.logEnd = MultiGauge.builder("tributary.group.log.end.offset")
                .description("Log end offset (high watermark) of a partition a consumer group has committed in").register(meters);
        this.lag = MultiGauge.builder("tributary.group.lag")
                .description("Records of a partition a consumer group has not consumed: the log end offset minus the "
                        + "committed offset, or minus the log start offset once retention deleted past the commit")
                .register(meters);
        this.lagSeconds = MultiGauge.builder("tributary.group.lag.seconds")
                .description("Age in seconds of the oldest record of a partition a consumer group has not consumed "
                        + "(its timestamp to now), 0 when it has consumed everything; absent while unknown")
                .register(meters);
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
        Map<String, Map<TopicPartition, Long>> commits = committedOffsets();
        Map<TopicPartition, Long> ends = commits.isEmpty() ? Map.of() : logEndOffsets(commits);
        Map<TopicPartition, Long> starts = ends.isEmpty() ? Map.of() : logStartOffsets(ends.keySet());
        Map<TopicPartition, SortedSet<Long>> readAt = new HashMap<>();
        commits.forEach((group, offsets) -> offsets.forEach((tp, offset) -> {
            Long at = new PartitionLag(offset, starts.get(tp), ends.get(tp)).readAt();
            if (at != null) {
                readAt.computeIfAbsent(tp, k -> new TreeSet<>()).add(at);
            }
        }));
        Map<TopicPartition, Map<Long, RecordAge>> ages = ages(readAt, ends);
        long now = clock.millis();
        List<MultiGauge.Row<?>> committedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> endRows = new ArrayList<>();
        List<MultiGauge.Row<?>> lagRows = new ArrayList<>();
        List<MultiGauge.Row<?>> secondsRows = new ArrayList<>();
        commits.forEach((group, offsets) -> offsets.forEach((tp, offset) -> {
            Tags tags = Tags.of("group", group, "topic", tp.topic(), "partition", String.valueOf(tp.partition()));
            committedRows.add(MultiGauge.Row.of(tags, offset));
            Long end = ends.get(tp);
            if (end == null) {
                return;
            }
            PartitionLag partitionLag = new PartitionLag(offset, starts.get(tp), end);
            endRows.add(MultiGauge.Row.of(tags, end));
            lagRows.add(MultiGauge.Row.of(tags, partitionLag.offsets()));
            Long at = partitionLag.readAt();
            RecordAge age = at == null ? null : ages.getOrDefault(tp, Map.of()).get(at);
            Double seconds = partitionLag.seconds(age, now);
            if (seconds != null) {
                secondsRows.add(MultiGauge.Row.of(tags, seconds));
            }
        }));
        committed.register(committedRows, true);
        logEnd.register(endRows, true);
        lag.register(lagRows, true);
        lagSeconds.register(secondsRows, true);
    }

    private Map<String, Map<TopicPartition, Long>> committedOffsets() {
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
        return commits;
    }

    private Map<TopicPartition, Long> logEndOffsets(Map<String, Map<TopicPartition, Long>> commits) throws Exception {
        return offsets(commits.values().stream()
                .flatMap(m -> m.keySet().stream())
                .filter(tp -> metadata.topic(tp.topic()).isPresent())
                .toList(), OffsetSpec.latest());
    }

    private Map<TopicPartition, Long> logStartOffsets(Collection<TopicPartition> partitions) throws Exception {
        return offsets(partitions, OffsetSpec.earliest());
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = partitions.stream().distinct()
                .collect(Collectors.toMap(tp -> tp, tp -> spec));
        if (request.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                admin().listOffsets(request).all().get(REFRESH_SECONDS, TimeUnit.SECONDS);
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /**
     * The ages of the records at {@code readAt}, in rounds of one offset per partition (groups resuming at the same
     * offset share a read; groups at different offsets of one partition take a round each) until
     * {@link #AGE_READ_TIMEOUT} is spent. An offset not read by then, or not in time, has no age: its group has no
     * lag-in-seconds row this period rather than a guess.
     */
    private Map<TopicPartition, Map<Long, RecordAge>> ages(Map<TopicPartition, SortedSet<Long>> readAt,
                                                           Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Map<Long, RecordAge>> ages = new HashMap<>();
        Map<TopicPartition, Deque<Long>> pending = new HashMap<>();
        readAt.forEach((tp, offsets) -> pending.put(tp, new ArrayDeque<>(offsets)));
        long budgetEnd = System.nanoTime() + AGE_READ_TIMEOUT.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < budgetEnd) {
            Map<TopicPartition, Long> round = new HashMap<>();
            pending.forEach((tp, offsets) -> round.put(tp, offsets.poll()));
            pending.values().removeIf(Deque::isEmpty);
            timestamps().at(round, ends).forEach((tp, age) ->
                    ages.computeIfAbsent(tp, k -> new HashMap<>()).put(round.get(tp), age));
        }
        return ages;
    }

    private synchronized RecordTimestamps timestamps() {
        if (timestamps == null) {
            timestamps = new RecordTimestamps(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()),
                    "tributary-coordinator-lag-age-", AGE_READERS, AGE_READ_TIMEOUT);
        }
        return timestamps;
    }

    private String bootstrap() {
        String bootstrap = metadata.liveBrokers().stream()
                .map(b -> b.host() + ":" + b.port())
                .collect(Collectors.joining(","));
        if (bootstrap.isEmpty()) {
            throw new IllegalStateException("no live broker to ask for log offsets");
        }
        return bootstrap;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            String bootstrap = bootstrap();
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
        RecordTimestamps readers = timestamps;
        if (readers != null) {
            readers.close();
        }
    }
}
