package io.tributary.admin.lag;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

/**
 * Consume and produce rates of a group's partitions, from the committed and log end offsets the admin API saw on
 * earlier lag requests: (now - oldest sample in the window) / elapsed time. Memory is bounded twice: a few samples per
 * partition, and a fixed number of partitions, the least recently asked forgotten first. A partition seen for the
 * first time has no rate yet; a committed offset that went back (a reset) starts its samples over.
 */
@Component
class ConsumeRates {

    /** Closer samples than this add noise, not information: the newest one is replaced instead. */
    private static final long MIN_SAMPLE_SPACING_MS = 1_000;

    private record Key(String groupId, TopicPartition partition) {
    }

    private record Sample(long atMs, long committed, long logEnd) {
    }

    /** Offsets per second, each {@code null} while unknown. */
    record Rates(Double consumed, Double produced) {

        static final Rates UNKNOWN = new Rates(null, null);
    }

    private final long windowMs;
    private final int samplesPerPartition;
    private final Map<Key, Deque<Sample>> samples;

    ConsumeRates(LagProperties properties) {
        this.windowMs = properties.rateWindow().toMillis();
        this.samplesPerPartition = properties.samplesPerPartition();
        int tracked = properties.trackedPartitions();
        this.samples = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Deque<Sample>> eldest) {
                return size() > tracked;
            }
        };
    }

    /** Records this observation and answers the rates since the oldest sample still in the window. */
    synchronized Rates observe(String groupId, TopicPartition partition, long committed, long logEnd, long nowMs) {
        Deque<Sample> history = samples.computeIfAbsent(new Key(groupId, partition), key -> new ArrayDeque<>());
        Sample newest = history.peekLast();
        if (newest != null && (committed < newest.committed() || logEnd < newest.logEnd() || nowMs < newest.atMs())) {
            history.clear();
        }
        while (!history.isEmpty() && nowMs - history.peekFirst().atMs() > windowMs) {
            history.removeFirst();
        }
        Rates rates = Rates.UNKNOWN;
        Sample oldest = history.peekFirst();
        if (oldest != null && nowMs > oldest.atMs()) {
            double seconds = (nowMs - oldest.atMs()) / 1000.0;
            rates = new Rates((committed - oldest.committed()) / seconds, (logEnd - oldest.logEnd()) / seconds);
        }
        if (!history.isEmpty() && nowMs - history.peekLast().atMs() < MIN_SAMPLE_SPACING_MS && history.size() > 1) {
            history.removeLast();
        }
        if (history.isEmpty() || nowMs - history.peekLast().atMs() >= MIN_SAMPLE_SPACING_MS) {
            history.addLast(new Sample(nowMs, committed, logEnd));
        }
        while (history.size() > samplesPerPartition) {
            history.removeFirst();
        }
        return rates;
    }
}
