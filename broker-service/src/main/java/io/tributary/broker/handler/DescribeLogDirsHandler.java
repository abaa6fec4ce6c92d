package io.tributary.broker.handler;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.broker.log.LogDirectory;
import io.tributary.broker.log.LogManager;
import io.tributary.broker.log.PartitionLog;
import io.tributary.protocol.ApiHandler;
import io.tributary.protocol.RequestContext;

/**
 * DescribeLogDirs (API 35; the Admin client's {@code describeLogDirs}, {@code kafka-log-dirs.sh --describe}): each of
 * this broker's log directories with the size on disk of every partition in it, for all partitions (a null topic
 * list) or those asked for; a partition this broker does not hold is left out, as in Kafka. A directory offline after
 * a disk failure answers KAFKA_STORAGE_ERROR with no partitions and unknown volume sizes (-1), as in Kafka. The offset
 * lag is Kafka's for a current (not future) log: how far the log end is below the high watermark, 0 on a leader.
 *
 * <p>The partitions a request names are bounded by {@link #MAX_PARTITIONS} before anything is built for them.
 */
public final class DescribeLogDirsHandler implements ApiHandler {

    /** As for the other admin requests: Kafka's controller caps one request at 10,000 records. */
    static final int MAX_PARTITIONS = 10_000;
    private static final long UNKNOWN_BYTES = -1;

    private final LogManager logs;

    public DescribeLogDirsHandler(LogManager logs) {
        this.logs = logs;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        DescribeLogDirsRequestData request = (DescribeLogDirsRequestData) message;
        Map<String, Set<Integer>> asked = request.topics() == null ? null : asked(request);
        Collection<PartitionLog> all = logs.all();
        DescribeLogDirsResponseData response = new DescribeLogDirsResponseData().setErrorCode(Errors.NONE.code());
        for (LogDirectory dir : logs.logDirectories()) {
            response.results().add(describe(dir, all, asked));
        }
        return CompletableFuture.completedFuture(response);
    }

    private static Map<String, Set<Integer>> asked(DescribeLogDirsRequestData request) {
        long count = 0;
        // a topic with no partitions still costs a map entry, so each topic counts at least once
        for (DescribeLogDirsRequestData.DescribableLogDirTopic topic : request.topics()) {
            count += Math.max(1, topic.partitions().size());
        }
        if (count > MAX_PARTITIONS) {
            throw new InvalidRequestException("DescribeLogDirs names " + count + " partitions; at most "
                    + MAX_PARTITIONS + " are accepted in one request.");
        }
        Map<String, Set<Integer>> asked = new TreeMap<>();
        for (DescribeLogDirsRequestData.DescribableLogDirTopic topic : request.topics()) {
            asked.computeIfAbsent(topic.topic(), name -> new HashSet<>()).addAll(topic.partitions());
        }
        return asked;
    }

    private static DescribeLogDirsResult describe(LogDirectory dir, Collection<PartitionLog> all,
            Map<String, Set<Integer>> asked) {
        DescribeLogDirsResult result = new DescribeLogDirsResult()
                .setLogDir(dir.path().toAbsolutePath().toString())
                .setTotalBytes(UNKNOWN_BYTES)
                .setUsableBytes(UNKNOWN_BYTES);
        if (!dir.isOnline()) {
            return result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
        volume(dir, result);
        Map<String, List<DescribeLogDirsPartition>> byTopic = new TreeMap<>();
        for (PartitionLog log : all) {
            if (log.logDirectory() != dir || !wanted(asked, log)) {
                continue;
            }
            byTopic.computeIfAbsent(log.topic(), name -> new ArrayList<>()).add(new DescribeLogDirsPartition()
                    .setPartitionIndex(log.partition())
                    .setPartitionSize(log.size())
                    .setOffsetLag(Math.max(0, log.highWatermark() - log.logEndOffset()))
                    .setIsFutureKey(false));
        }
        byTopic.forEach((topic, partitions) -> result.topics().add(new DescribeLogDirsTopic()
                .setName(topic)
                .setPartitions(partitions)));
        return result.setErrorCode(Errors.NONE.code());
    }

    private static boolean wanted(Map<String, Set<Integer>> asked, PartitionLog log) {
        if (asked == null) {
            return true;
        }
        Set<Integer> partitions = asked.get(log.topic());
        return partitions != null && partitions.contains(log.partition());
    }

    /** The volume's sizes; unknown (-1) where the file system does not tell, as Kafka leaves them. */
    private static void volume(LogDirectory dir, DescribeLogDirsResult result) {
        try {
            FileStore store = Files.getFileStore(dir.path());
            result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
        } catch (IOException | SecurityException e) {
            result.setTotalBytes(UNKNOWN_BYTES).setUsableBytes(UNKNOWN_BYTES);
        }
    }
}
