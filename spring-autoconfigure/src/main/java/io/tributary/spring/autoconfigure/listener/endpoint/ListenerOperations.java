package io.tributary.spring.autoconfigure.listener.endpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import io.tributary.spring.autoconfigure.listener.lag.ListenerAdmin;
import io.tributary.spring.autoconfigure.listener.lag.ListenerLag;
import io.tributary.spring.autoconfigure.listener.replay.DeadLetterReplay;
import io.tributary.spring.autoconfigure.listener.replay.DeadLetterReplayer;
import io.tributary.spring.autoconfigure.listener.replay.ReplayRefusedException;
import io.tributary.spring.autoconfigure.listener.seek.PendingSeeks;

/**
 * What the kafkalisteners endpoint does to a listener: describe, pause, resume, seek and replay its dead-letter
 * topics. Every caller's mistake is a {@link ListenerOperationException} naming it.
 */
public final class ListenerOperations {

    private static final Log log = LogFactory.getLog(ListenerOperations.class);

    private final Supplier<KafkaListenerEndpointRegistry> registry;
    private final ListenerViews views;
    private final ListenerLag lag;
    private final ListenerAdmin admin;
    private final PendingSeeks seeks;
    private final DeadLetterReplayer replayer;
    private final Duration timeout;

    public ListenerOperations(Supplier<KafkaListenerEndpointRegistry> registry, ListenerLag lag, ListenerAdmin admin,
                              PendingSeeks seeks, DeadLetterReplayer replayer, Duration timeout) {
        this.registry = registry;
        this.views = new ListenerViews(lag);
        this.lag = lag;
        this.admin = admin;
        this.seeks = seeks;
        this.replayer = replayer;
        this.timeout = timeout;
    }

    public ListenersDescriptor all() {
        List<ListenerDescriptor> listeners = new ArrayList<>();
        for (String id : ids()) {
            listeners.add(views.describe(container(id)));
        }
        return new ListenersDescriptor(listeners);
    }

    public ListenerDescriptor one(String id) {
        return views.describe(container(id));
    }

    public OperationOutcome pause(String id) {
        MessageListenerContainer container = container(id);
        container.pause();
        log.info("Paused listener " + id + " through the kafkalisteners endpoint");
        return new OperationOutcome("pause", null, null, views.describe(container));
    }

    public OperationOutcome resume(String id) {
        MessageListenerContainer container = container(id);
        container.resume();
        log.info("Resumed listener " + id + " through the kafkalisteners endpoint");
        return new OperationOutcome("resume", null, null, views.describe(container));
    }

    /**
     * Seeks one partition ({@code topic} and {@code partition}) or, with neither, every partition the listener is
     * assigned, and commits the new positions; answers once the listener's consumers have done it.
     */
    public OperationOutcome seek(String id, String topic, Integer partition, String to, Long offset,
                                 Long timestamp) {
        MessageListenerContainer container = container(id);
        SeekCommand command = SeekCommand.of(to, offset, timestamp);
        if (!container.isRunning()) {
            throw ListenerOperationException.conflict("Listener '" + id + "' is not running: only a running "
                    + "listener's consumers can seek; start it first");
        }
        if (container.getGroupId() == null) {
            throw ListenerOperationException.conflict("Listener '" + id + "' has no consumer group, so no "
                    + "position of its to commit: seek it from the application (ConsumerSeekAware)");
        }
        List<TopicPartition> targets = targets(id, container, topic, partition);
        Map<TopicPartition, Long> offsets = resolve(command, targets);
        List<PendingSeeks.Request> requests = new ArrayList<>();
        offsets.forEach((target, position) -> requests.add(seeks.submit(container.getGroupId(), target, position)));
        List<OperationOutcome.Seek> sought = await(container.getGroupId(), requests);
        lag.forget(id);
        log.info("Listener " + id + " sought " + sought + " through the kafkalisteners endpoint");
        return new OperationOutcome("seek", sought, null, views.describe(container));
    }

    /** Replays the dead-letter topic of each topic the listener consumes into that topic. */
    public OperationOutcome replay(String id) {
        MessageListenerContainer container = container(id);
        List<DeadLetterReplay> replays;
        try {
            replays = replayer.replay(id, container.getGroupId(), new TreeSet<>(ListenerViews.topics(container)));
        } catch (ReplayRefusedException e) {
            throw ListenerOperationException.conflict(e.getMessage());
        } catch (KafkaException e) {
            throw ListenerOperationException.unavailable("Replaying the dead-letter topics of listener '" + id
                    + "' failed: " + e.getMessage(), e);
        }
        lag.forget(id);
        return new OperationOutcome("replay", null, replays, views.describe(container));
    }

    private List<TopicPartition> targets(String id, MessageListenerContainer container, String topic,
                                         Integer partition) {
        List<TopicPartition> assigned = ListenerViews.assigned(container);
        if (topic == null && partition == null) {
            if (assigned.isEmpty()) {
                throw ListenerOperationException.conflict("Listener '" + id + "' is assigned no partition to seek");
            }
            return assigned;
        }
        if (topic == null || partition == null) {
            throw ListenerOperationException.badRequest("A seek of one partition needs both 'topic' and "
                    + "'partition'; with neither, every assigned partition is sought");
        }
        TopicPartition target = new TopicPartition(topic, partition);
        if (!assigned.contains(target)) {
            throw ListenerOperationException.unknownPartition("Listener '" + id + "' is not assigned " + target
                    + "; assigned: " + assigned);
        }
        return List.of(target);
    }

    private Map<TopicPartition, Long> resolve(SeekCommand command, List<TopicPartition> targets) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (command.to() == SeekCommand.To.OFFSET) {
            Map<TopicPartition, Long> starts = listOffsets(targets, OffsetSpec.earliest());
            Map<TopicPartition, Long> ends = listOffsets(targets, OffsetSpec.latest());
            for (TopicPartition target : targets) {
                if (command.value() < starts.get(target) || command.value() > ends.get(target)) {
                    throw ListenerOperationException.badRequest("Offset " + command.value() + " is outside "
                            + target + ", which holds offsets " + starts.get(target) + " to " + ends.get(target)
                            + " (the log end)");
                }
                offsets.put(target, command.value());
            }
            return offsets;
        }
        Map<TopicPartition, Long> found = listOffsets(targets, command.spec());
        Map<TopicPartition, Long> ends = command.to() == SeekCommand.To.TIMESTAMP
                ? listOffsets(targets, OffsetSpec.latest()) : found;
        for (TopicPartition target : targets) {
            long position = found.get(target);
            // no record at or after the timestamp: the listener waits at the end for the next one
            offsets.put(target, position < 0 ? ends.get(target) : position);
        }
        return offsets;
    }

    private Map<TopicPartition, Long> listOffsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> asked = new HashMap<>();
        partitions.forEach(partition -> asked.put(partition, spec));
        KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> answer = admin.get().listOffsets(asked).all();
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        } catch (ExecutionException | TimeoutException e) {
            throw ListenerOperationException.unavailable("The cluster did not tell the offsets of " + partitions
                    + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ListenerOperationException.unavailable("Interrupted while looking up offsets", e);
        }
    }

    private List<OperationOutcome.Seek> await(String groupId, List<PendingSeeks.Request> requests) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<OperationOutcome.Seek> sought = new ArrayList<>();
        List<TopicPartition> notApplied = new ArrayList<>();
        for (PendingSeeks.Request request : requests) {
            Boolean committed = awaitOne(groupId, request, deadline);
            if (committed == null) {
                notApplied.add(request.partition());
            } else {
                sought.add(new OperationOutcome.Seek(request.partition().topic(), request.partition().partition(),
                        request.offset(), committed));
            }
        }
        if (!notApplied.isEmpty()) {
            throw ListenerOperationException.unavailable("The listener's consumers did not seek " + notApplied
                    + " within " + timeout + " (a rebalance, or a poll that took longer); sought: " + sought, null);
        }
        return sought;
    }

    /** Whether the new position was committed, or null when the seek was withdrawn unapplied. */
    private Boolean awaitOne(String groupId, PendingSeeks.Request request, long deadline) {
        try {
            return request.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (seeks.withdraw(groupId, request)) {
                return null;
            }
            // taken by its consumer just now: the commit that follows is bounded
            return request.done().join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a seek request never fails", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            seeks.withdraw(groupId, request);
            return null;
        }
    }

    private Iterable<String> ids() {
        return new TreeSet<>(registry.get().getListenerContainerIds());
    }

    private MessageListenerContainer container(String id) {
        MessageListenerContainer container = registry.get().getListenerContainer(id);
        if (container == null) {
            throw ListenerOperationException.unknownListener(id, ids());
        }
        return container;
    }
}
