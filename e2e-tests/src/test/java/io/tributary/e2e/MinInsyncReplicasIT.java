package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;

import io.tributary.e2e.cluster.Cluster;
import io.tributary.e2e.cluster.ClusterNode;
import io.tributary.e2e.cluster.PartitionView;
import io.tributary.e2e.cluster.TributaryCluster;
import io.tributary.e2e.support.Waiting;

/**
 * Two of three brokers down under {@code min.insync.replicas=2}: the surviving replica leads with an ISR of one, so
 * {@code acks=all} is refused with NOT_ENOUGH_REPLICAS (and nothing is appended), while {@code acks=1} is
 * written. One broker returns: it catches up, the ISR grows to two and {@code acks=all} writes are accepted again.
 */
@TributaryCluster(brokers = 3, zookeeperSessionTimeoutMs = 4000, brokerConfig = "replica.lag.time.max.ms=3000")
class MinInsyncReplicasIT {

    private static final String TOPIC = "min-isr";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void acksAllNeedsTwoInSyncReplicasAndResumesWhenOneReturns(Cluster cluster) throws Exception {
        cluster.createTopic(TOPIC, 1, 3, Map.of("min.insync.replicas", "2"));
        cluster.awaitFullyReplicated(DEADLINE, TOPIC);
        PartitionView initial = cluster.partition(TP).orElseThrow();
        int survivor = initial.replicas().stream().filter(id -> id != initial.leader()).findFirst().orElseThrow();
        List<ClusterNode> killed = new ArrayList<>();

        try (KafkaProducer<String, String> acksAll = cluster.producer(noRetries("all"));
                KafkaProducer<String, String> acksOne = cluster.producer(noRetries("1"))) {
            awaitAcknowledged(acksAll, "before");

            for (int id : initial.replicas()) {
                if (id != survivor) {
                    cluster.node(id).kill9();
                    killed.add(cluster.node(id));
                }
            }
            Waiting.atMost(DEADLINE, () -> "with brokers " + killed + " down, " + TP + " is " + cluster.partition(TP)
                    + ", expected leader " + survivor + " and ISR [" + survivor + "]\n" + cluster.logTails(30))
                    .until(() -> cluster.partition(TP).filter(p -> p.leader() == survivor
                            && p.isr().equals(List.of(survivor))).isPresent());

            AtomicReference<Throwable> refusal = new AtomicReference<>();
            Waiting.atMost(DEADLINE, () -> "acks=all with an ISR of one: last outcome " + refusal.get())
                    .until(() -> {
                        Throwable outcome = sendOutcome(acksAll, "refused");
                        if (outcome == null) {
                            throw new AssertionError("acks=all was acknowledged with an ISR of one: "
                                    + cluster.partition(TP));
                        }
                        refusal.set(outcome);
                        return outcome instanceof NotEnoughReplicasException;
                    });
            awaitAcknowledged(acksOne, "acks-one");

            ClusterNode returning = killed.get(0);
            returning.restart();
            Waiting.atMost(DEADLINE, () -> returning + " did not rejoin the ISR: " + cluster.partition(TP) + "\n"
                    + cluster.logTails(30))
                    .until(() -> cluster.partition(TP).filter(p -> p.isr().contains(returning.id())
                            && p.isr().size() == 2).isPresent());
            awaitAcknowledged(acksAll, "after");
        }

        assertThat(PartitionReader.values(cluster, TP).values()).as("records of %s: the refused one was never appended", TP)
                .containsExactly("before", "acks-one", "after");
    }

    private static Map<String, Object> noRetries(String acks) {
        return Map.of(ProducerConfig.ACKS_CONFIG, acks,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.RETRIES_CONFIG, 0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10000,
                ProducerConfig.METADATA_MAX_AGE_CONFIG, 1000);
    }

    /** Sends until one attempt is acknowledged: without retries, a stale leader costs an attempt. */
    private static void awaitAcknowledged(KafkaProducer<String, String> producer, String value) {
        AtomicReference<Throwable> last = new AtomicReference<>();
        Waiting.atMost(DEADLINE, () -> "'" + value + "' was never acknowledged; last error " + last.get())
                .until(() -> {
                    last.set(sendOutcome(producer, value));
                    return last.get() == null;
                });
    }

    /** Null if the record was acknowledged, else why not. */
    private static Throwable sendOutcome(KafkaProducer<String, String> producer, String value)
            throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(TOPIC, 0, null, value)).get(20, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return e;
        }
    }
}
