package io.tributary.metadata;

import static io.tributary.metadata.TopicAdministrationTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.metadata.MetadataException.Reason;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.controller.ControllerElection;
import io.tributary.metadata.topic.NewTopic;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.metadata.topic.TopicRules;
import io.tributary.metadata.zk.ZkPaths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one request may make a process build and write: Kafka's cap on partitions per request, and ZooKeeper's cap
 * on one request ({@code jute.maxbuffer}), against a real ZooKeeper.
 */
class TopicSizeLimitsTest extends ZooKeeperTestSupport {

    private CuratorFramework client;
    private ClusterMetadata broker;

    @BeforeEach
    void oneBroker() {
        client = client();
        broker = metadata(client);
        broker.registerBroker(new BrokerRegistration(1, "h1", 9092, null, 0));
    }

    @Test
    void morePartitionsThanOneRequestMayCreateAreRefusedWithKafkasMessageBeforeAnythingIsBuilt() {
        for (int partitions : new int[] {1_000_000_000, 100_000, TopicRules.MAX_PARTITIONS_PER_REQUEST + 1}) {
            assertRefused(() -> broker.createTopic(NewTopic.of("absurd", partitions, 1), false),
                    Reason.POLICY_VIOLATION, "Excessively large number of partitions per request.");
        }
        assertRefused(() -> broker.createTopic(NewTopic.of("absurd", 100_000, 3), false),
                Reason.POLICY_VIOLATION, TopicRules.EXCESSIVE_PARTITIONS);
        Map<Integer, List<Integer>> manual = new HashMap<>();
        for (int p = 0; p <= TopicRules.MAX_PARTITIONS_PER_REQUEST; p++) {
            manual.put(p, List.of(1));
        }
        assertRefused(() -> broker.createTopic(new NewTopic("manual", -1, (short) -1, manual, Map.of()), false),
                Reason.POLICY_VIOLATION, TopicRules.EXCESSIVE_PARTITIONS);

        broker.createTopic(NewTopic.of("small", 1, 1), false);
        assertRefused(() -> broker.createPartitions("small", 1_000_000_000, null, false),
                Reason.POLICY_VIOLATION, TopicRules.EXCESSIVE_PARTITIONS);
        assertRefused(() -> broker.createPartitions("small", TopicRules.MAX_PARTITIONS_PER_REQUEST + 2, null, true),
                Reason.POLICY_VIOLATION, TopicRules.EXCESSIVE_PARTITIONS);

        assertThat(broker.topics()).containsOnlyKeys("small");
        assertThat(broker.topic("small").orElseThrow().assignment().partitionCount()).isEqualTo(1);
    }

    @Test
    void aTopicTooLargeForOneZooKeeperRequestIsRefusedNothingIsWrittenAndZooKeeperStaysUsable() throws Exception {
        long session = client.getZookeeperClient().getZooKeeper().getSessionId();

        for (boolean validateOnly : new boolean[] {true, false}) {
            assertThatThrownBy(() -> broker.createTopic(NewTopic.of("wide", 9_000, 1), validateOnly))
                    .isInstanceOfSatisfying(MetadataException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.WRITE_TOO_LARGE))
                    .hasMessageStartingWith("Creating topic wide would send ZooKeeper a request of ");
        }

        assertThat(client.checkExists().forPath(ZkPaths.topic("wide"))).isNull();
        assertThat(broker.createTopic(NewTopic.of("narrow", 3, 1), false).assignment().partitionCount()).isEqualTo(3);
        assertThat(client.getZookeeperClient().getZooKeeper().getSessionId()).isEqualTo(session);
    }

    @Test
    void anotherProcessHearsOfAManyPartitionTopicOnceItIsCompleteNotOncePerPartition() {
        ClusterMetadata watcher = metadata(client());
        List<TopicMetadata> heard = new CopyOnWriteArrayList<>();
        watcher.addListener(new MetadataListener() {
            @Override
            public void onTopicChanged(TopicMetadata topic) {
                heard.add(topic);
            }
        });

        TopicMetadata created = broker.createTopic(NewTopic.of("many", 2_000, 1), false);

        awaitTrue(() -> heard.contains(created));
        assertThat(heard).as("the topic node, then its last state").hasSizeLessThanOrEqualTo(2);
        assertThat(watcher.topic("many")).contains(created);
    }

    @Test
    void configsTooLargeForTheTopicNodeAreRefusedAndTheStoredOnesKept() {
        broker.createTopic(new NewTopic("configured", 1, (short) 1, Map.of(), Map.of("retention.ms", "1000")), false);
        String twoMegabytes = "9".repeat(2 * 1024 * 1024);

        for (boolean validateOnly : new boolean[] {true, false}) {
            assertThatThrownBy(() -> broker.alterTopicConfigs("configured",
                    Map.of("retention.ms", Optional.of(twoMegabytes)), validateOnly))
                    .isInstanceOfSatisfying(MetadataException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.WRITE_TOO_LARGE))
                    .hasMessageStartingWith("Altering the configs of topic configured would send ZooKeeper a request");
        }

        assertThat(broker.topic("configured").orElseThrow().assignment().configs())
                .isEqualTo(Map.of("retention.ms", "1000"));
    }

    @Test
    void aTopicGrowsOnlyWhileTheTransactionThatDeletesItStillFitsAndThenDeletes() {
        ControllerElection election = closeAfterTest(broker.controllerElection(1));
        election.start();
        awaitTrue(election::isController);
        int step = 3_000;
        broker.createTopic(NewTopic.of("growing", step, 1), false);

        MetadataException refusal = null;
        int partitions = step;
        while (refusal == null) {
            try {
                partitions = broker.createPartitions("growing", partitions + step, null, false)
                        .assignment().partitionCount();
            } catch (MetadataException e) {
                refusal = e;
            }
        }

        assertThat(partitions).as("grew at least once").isGreaterThan(step);
        assertThat(refusal.reason()).isEqualTo(Reason.WRITE_TOO_LARGE);
        assertThat(refusal.getMessage()).startsWith("Deleting topic growing once it has " + (partitions + step)
                + " partitions would send ZooKeeper a request of ");
        broker.deleteTopic("growing", DEADLINE);
        assertThat(broker.topic("growing")).isEmpty();
    }
}
