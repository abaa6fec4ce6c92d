package io.tributary.metadata.controller;

import io.tributary.metadata.ClusterMetadata;
import io.tributary.metadata.ZooKeeperTestSupport;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.topic.NewTopic;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;

/**
 * Broker "processes" for controller tests: each has its own ZooKeeper session, a started {@link ClusterMetadata} with
 * its broker registered, a controller election and a {@link PartitionController}, as a broker runs them. Killing one
 * closes its session, so ZooKeeper removes its registration as it would for a crashed broker.
 */
abstract class ControllerTestSupport extends ZooKeeperTestSupport {

    record Node(int id, CuratorFramework client, ClusterMetadata metadata, ControllerElection election,
                PartitionController controller, BrokerRegistration registration) {

        void kill() {
            client.close();
        }
    }

    Node node(int id) {
        return node(id, ControllerSettings.KAFKA, true);
    }

    Node node(int id, ControllerSettings settings, boolean startElection) {
        CuratorFramework client = client();
        ClusterMetadata metadata = metadata(client);
        BrokerRegistration registration = new BrokerRegistration(id, "host-" + id, 9092, null, System.currentTimeMillis());
        metadata.registerBroker(registration);
        ControllerElection election = closeAfterTest(metadata.controllerElection(id));
        PartitionController controller = closeAfterTest(new PartitionController(client, metadata, election, settings, id));
        controller.start();
        if (startElection) {
            election.start();
        }
        return new Node(id, client, metadata, election, controller, registration);
    }

    static void createTopic(Node node, String name, Map<Integer, List<Integer>> assignment) {
        createTopic(node, name, assignment, Map.of());
    }

    /** Once {@code node} sees every broker the assignment names (a registration reaches each cache on its own time). */
    static void createTopic(Node node, String name, Map<Integer, List<Integer>> assignment, Map<String, String> configs) {
        Set<Integer> named = new HashSet<>();
        assignment.values().forEach(named::addAll);
        awaitTrue(() -> node.metadata().liveBrokers().stream().map(BrokerRegistration::id).toList().containsAll(named));
        node.metadata().createTopic(new NewTopic(name, -1, (short) -1, assignment, configs), false);
    }

    static PartitionState state(Node node, String topic, int partition) {
        TopicMetadata cached = node.metadata().topic(topic).orElseThrow();
        return cached.partitions().get(partition);
    }

    /** Waits until {@code node}'s cache shows the partition in {@code expected}, compared without controllerEpoch. */
    static void awaitState(Node node, String topic, int partition, int leader, int leaderEpoch, List<Integer> isr) {
        awaitTrue(() -> {
            PartitionState s = state(node, topic, partition);
            return s != null && s.leader() == leader && s.leaderEpoch() == leaderEpoch && s.isr().equals(isr);
        });
    }

    /** As the partition's leader would: a compare-and-set of the ISR, the leader and epoch unchanged. */
    static void setIsr(Node node, String topic, int partition, List<Integer> isr) {
        awaitTrue(() -> {
            PartitionState current = state(node, topic, partition);
            return node.metadata().compareAndSetPartitionState(topic, partition, current,
                    new PartitionState(current.leader(), current.leaderEpoch(), isr, current.controllerEpoch()));
        });
        awaitTrue(() -> state(node, topic, partition).isr().equals(isr));
    }
}
