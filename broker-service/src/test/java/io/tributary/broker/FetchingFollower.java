package io.tributary.broker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * A follower of one partition as the leader sees it: Fetch requests with its replica id and broker epoch (Fetch at
 * kafka-clients' newest version, {@code ReplicaState} of KIP-903), each from the offset after the last record it
 * received. It keeps no log, only its log end offset: what the leader's replication rules depend on. It fetches
 * when told to, or in a loop on its own thread between {@link #start()} and {@link #close()}.
 */
final class FetchingFollower implements AutoCloseable {

    private static final int MAX_BYTES = 1 << 20;

    private final int brokerId;
    private final long brokerEpoch;
    private final TopicPartition partition;
    private final Uuid topicId;
    private final ProtocolConnection connection;
    private volatile long logEndOffset;
    private volatile boolean running;
    private Thread loop;

    FetchingFollower(int brokerId, long brokerEpoch, int leaderPort, TopicPartition partition, Uuid topicId) {
        this.brokerId = brokerId;
        this.brokerEpoch = brokerEpoch;
        this.partition = partition;
        this.topicId = topicId;
        this.connection = new ProtocolConnection(leaderPort, "follower-" + brokerId, Duration.ofSeconds(30));
    }

    long logEndOffset() {
        return logEndOffset;
    }

    /** One fetch from the current log end, waiting up to {@code maxWaitMs} for records; its partition's answer. */
    synchronized FetchResponseData.PartitionData fetch(int maxWaitMs) {
        short version = ApiKeys.FETCH.latestVersion();
        Map<TopicPartition, FetchRequest.PartitionData> data = new LinkedHashMap<>();
        data.put(partition, new FetchRequest.PartitionData(topicId, logEndOffset, 0, MAX_BYTES, Optional.empty()));
        FetchRequest request = FetchRequest.Builder.forReplica(version, brokerId, brokerEpoch, maxWaitMs, 1, data)
                .build(version);
        FetchResponse response = (FetchResponse) connection.call(request);
        FetchResponseData.PartitionData answer = response.data().responses().get(0).partitions().get(0);
        if (answer.errorCode() != Errors.NONE.code()) {
            throw new AssertionError("follower " + brokerId + " fetch of " + partition + " at " + logEndOffset
                    + " answered " + Errors.forCode(answer.errorCode()));
        }
        for (RecordBatch batch : ((Records) answer.records()).batches()) {
            logEndOffset = batch.nextOffset();
        }
        return answer;
    }

    /** Fetches in a loop on its own thread, as a replica fetcher does, until closed. */
    void start() {
        running = true;
        loop = new Thread(() -> {
            while (running) {
                fetch(100);
            }
        }, "follower-" + brokerId + "-" + partition);
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (loop != null) {
            loop.join(10_000);
        }
        connection.close();
    }
}
