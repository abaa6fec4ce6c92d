package io.tributary.spring.autoconfigure.listener.seek;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Seeks asked for from outside a listener, applied by the listener's own consumer thread: a KafkaConsumer is not
 * thread-safe, and spring-kafka calls an interceptor's {@link #setupThreadState} on that thread before every poll,
 * also while the container is paused. The consumer that owns a partition in the requesting group seeks it and
 * commits the new position at once, so a restart resumes there and the lag shows it.
 *
 * <p>One instance serves every container of the factory; requests are keyed by consumer group and applied by
 * whichever of the group's consumers is assigned the partition. Nothing is done per record: a poll with no request
 * pending costs one map lookup.
 */
public final class PendingSeeks implements RecordInterceptor<Object, Object>, BatchInterceptor<Object, Object> {

    private static final Log log = LogFactory.getLog(PendingSeeks.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Queue<Request>> byGroup = new ConcurrentHashMap<>();

    /**
     * Queues a seek of {@code partition} to {@code offset} for the consumer of {@code groupId} that owns it. The
     * answer completes with whether the new position was also committed, once the seek is done.
     */
    public Request submit(String groupId, TopicPartition partition, long offset) {
        Request request = new Request(partition, offset);
        byGroup.computeIfAbsent(groupId, group -> new ConcurrentLinkedQueue<>()).add(request);
        return request;
    }

    /**
     * Gives {@code request} up unless its consumer has already taken it: true when it will never be applied.
     */
    public boolean withdraw(String groupId, Request request) {
        if (!request.claim()) {
            return false;
        }
        Queue<Request> queue = byGroup.get(groupId);
        if (queue != null) {
            queue.remove(request);
        }
        return true;
    }

    @Override
    public void setupThreadState(Consumer<?, ?> consumer) {
        if (byGroup.isEmpty()) {
            return;
        }
        String groupId;
        try {
            groupId = consumer.groupMetadata().groupId();
        } catch (InvalidGroupIdException groupLess) {
            // a container without a consumer group: nothing can be asked of it (the endpoint refuses)
            return;
        }
        Queue<Request> queue = byGroup.get(groupId);
        if (queue == null || queue.isEmpty()) {
            return;
        }
        Set<TopicPartition> assigned = consumer.assignment();
        List<Request> applied = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        for (Iterator<Request> pending = queue.iterator(); pending.hasNext(); ) {
            Request request = pending.next();
            if (assigned.contains(request.partition) && request.claim()) {
                pending.remove();
                consumer.seek(request.partition, request.offset);
                positions.put(request.partition, new OffsetAndMetadata(request.offset));
                applied.add(request);
            }
        }
        if (applied.isEmpty()) {
            return;
        }
        boolean committed = commit(consumer, positions);
        applied.forEach(request -> request.done.complete(committed));
    }

    private static boolean commit(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> positions) {
        try {
            consumer.commitSync(positions, COMMIT_TIMEOUT);
            log.info("Listener consumer sought and committed " + positions);
            return true;
        } catch (KafkaException e) {
            log.warn("Listener consumer sought " + positions + " but could not commit the new positions: " + e);
            return false;
        }
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
                                                    Consumer<Object, Object> consumer) {
        return record;
    }

    @Override
    public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
                                                     Consumer<Object, Object> consumer) {
        return records;
    }

    /** One partition's seek, claimed exactly once: by the consumer that applies it, or by a caller giving up. */
    public static final class Request {

        private final TopicPartition partition;
        private final long offset;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<Boolean> done = new CompletableFuture<>();

        private Request(TopicPartition partition, long offset) {
            this.partition = partition;
            this.offset = offset;
        }

        public TopicPartition partition() {
            return partition;
        }

        public long offset() {
            return offset;
        }

        /** Completes with whether the new position was committed too, once the consumer has sought. */
        public CompletableFuture<Boolean> done() {
            return done;
        }

        private boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }
}
