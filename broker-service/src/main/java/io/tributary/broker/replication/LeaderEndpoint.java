package io.tributary.broker.replication;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.protocol.client.KafkaConnection;

/**
 * The connection of one fetcher thread to the broker it fetches from, opened on first use at the address the broker
 * registered in ZooKeeper, and dropped on any failure so that the next use opens a new one. One owner thread.
 */
final class LeaderEndpoint implements AutoCloseable {

    /** ListOffsets' special timestamps for the log end (LATEST, which a replica gets as the log end) and start. */
    static final long LATEST = -1L;
    static final long EARLIEST = -2L;

    private final int sourceBrokerId;
    private final int localBrokerId;
    private final IntFunction<Optional<BrokerRegistration>> brokers;
    private final ReplicaFetcherConfig config;
    private volatile KafkaConnection connection;

    LeaderEndpoint(int sourceBrokerId, int localBrokerId, IntFunction<Optional<BrokerRegistration>> brokers,
                   ReplicaFetcherConfig config) {
        this.sourceBrokerId = sourceBrokerId;
        this.localBrokerId = localBrokerId;
        this.brokers = brokers;
        this.config = config;
    }

    int sourceBrokerId() {
        return sourceBrokerId;
    }

    /** The Fetch version this connection uses, opening it if needed. */
    short fetchVersion() throws IOException {
        return (short) connection().version(ApiKeys.FETCH)
                .orElseThrow(() -> new IOException("Broker " + sourceBrokerId + " serves no Fetch version we know"));
    }

    FetchResponseData fetch(FetchRequestData request) throws IOException {
        return (FetchResponseData) send(ApiKeys.FETCH, request);
    }

    /**
     * The leader's log end ({@link #LATEST}) or start ({@link #EARLIEST}) offset of one partition, as ListOffsets
     * answers a replica.
     *
     * @throws IOException on a connection failure, or an error for the partition (whose message names it)
     */
    long listOffset(String topic, int partition, int currentLeaderEpoch, long timestamp) throws IOException {
        ListOffsetsRequestData request = new ListOffsetsRequestData().setReplicaId(localBrokerId).setIsolationLevel((byte) 0);
        request.topics().add(new ListOffsetsRequestData.ListOffsetsTopic().setName(topic).setPartitions(
                List.of(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(partition)
                        .setCurrentLeaderEpoch(currentLeaderEpoch).setTimestamp(timestamp))));
        ListOffsetsResponseData response = (ListOffsetsResponseData) send(ApiKeys.LIST_OFFSETS, request);
        for (ListOffsetsResponseData.ListOffsetsTopicResponse t : response.topics()) {
            for (ListOffsetsResponseData.ListOffsetsPartitionResponse p : t.partitions()) {
                if (p.partitionIndex() == partition) {
                    if (p.errorCode() != Errors.NONE.code()) {
                        throw new IOException("ListOffsets of " + topic + "-" + partition + " on broker " + sourceBrokerId
                                + " failed: " + Errors.forCode(p.errorCode()));
                    }
                    return p.offset();
                }
            }
        }
        throw new IOException("ListOffsets from broker " + sourceBrokerId + " did not answer for " + topic + "-" + partition);
    }

    private ApiMessage send(ApiKeys key, ApiMessage request)
            throws IOException {
        KafkaConnection open = connection();
        try {
            return open.send(key, request);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private KafkaConnection connection() throws IOException {
        if (connection == null) {
            BrokerRegistration leader = brokers.apply(sourceBrokerId)
                    .orElseThrow(() -> new IOException("Broker " + sourceBrokerId + " is not registered"));
            Duration readTimeout = config.socketTimeout().plus(config.fetchWaitMax());
            connection = KafkaConnection.open(leader.host(), leader.port(), "replica-fetcher-" + localBrokerId
                    + "-from-" + sourceBrokerId, config.socketTimeout(), readTimeout, config.maxResponseFrameBytes());
        }
        return connection;
    }

    /**
     * From another thread: closes the connection under the owner's feet, so that a fetch blocked on it ends now
     * rather than at the socket timeout. The owner sees an I/O failure.
     */
    void abort() {
        KafkaConnection open = connection;
        if (open != null) {
            open.close();
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
