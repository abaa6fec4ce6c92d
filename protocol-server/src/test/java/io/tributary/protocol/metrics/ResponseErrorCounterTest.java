package io.tributary.protocol.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class ResponseErrorCounterTest {

    private final ResponseErrorCounter counter = new ResponseErrorCounter();

    @Test
    void everyBrokerApiResponseCanBeCountedButShareFetch() {
        // ShareFetchResponse has no public way in from its data; share groups (KIP-932) are not served here
        assertThat(ApiKeys.brokerApis()).allSatisfy(key ->
                assertThat(counter.canCount(key)).as(key.name).isEqualTo(key != ApiKeys.SHARE_FETCH));
    }

    @Test
    void countsTopLevelErrors() {
        assertThat(counter.errorCounts(ApiKeys.HEARTBEAT, (short) 4,
                new HeartbeatResponseData().setErrorCode(Errors.REBALANCE_IN_PROGRESS.code())))
                .containsEntry(Errors.REBALANCE_IN_PROGRESS, 1);
    }

    @Test
    void countsPartitionErrors() {
        FetchResponseData fetch = new FetchResponseData().setResponses(List.of(new FetchableTopicResponse()
                .setTopic("t").setPartitions(List.of(
                        new PartitionData().setPartitionIndex(0).setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code()),
                        new PartitionData().setPartitionIndex(1).setErrorCode(Errors.NOT_LEADER_OR_FOLLOWER.code()),
                        new PartitionData().setPartitionIndex(2)))));

        Map<Errors, Integer> counts = counter.errorCounts(ApiKeys.FETCH, (short) 12, fetch);

        assertThat(counts).containsEntry(Errors.NOT_LEADER_OR_FOLLOWER, 2);
    }
}
