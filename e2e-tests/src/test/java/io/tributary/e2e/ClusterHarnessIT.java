package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.tributary.e2e.cluster.Cluster;
import io.tributary.e2e.cluster.ClusterNode;
import io.tributary.e2e.cluster.TributaryCluster;
import io.tributary.e2e.support.Waiting;

/**
 * The multi-process harness itself, on what a cluster does without replication: {@link TributaryCluster} starts
 * ZooKeeper, two brokers and a coordinator as processes that find each other; records produced at RF 1 are read
 * back; a broker killed with SIGKILL is gone and, restarted with the same id, port and data directory, serves its
 * records again; a broker frozen with SIGSTOP answers nothing until SIGCONT.
 */
@TributaryCluster(brokers = 2, coordinators = 1)
class ClusterHarnessIT {

    private static final String TOPIC = "harness";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Test
    void startsKillsRestartsAndFreezesNodes(Cluster cluster) throws Exception {
        assertThat(cluster.nodeIds()).as("nodes in Metadata").containsExactly(1, 2, 1000);
        assertThat(cluster.controllerId()).as("controller").isIn(1, 2);

        cluster.createTopic(TOPIC, 2, 1, Map.of());
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        try (KafkaProducer<String, String> producer = cluster.producer(Map.of())) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, null, "p0-" + i));
                producer.send(new ProducerRecord<>(TOPIC, 1, null, "p1-" + i));
            }
            producer.flush();
        }
        assertThat(values(cluster, p0)).as("records of %s", p0).hasSize(50).startsWith("p0-0").endsWith("p0-49");
        assertThat(values(cluster, p1)).as("records of %s", p1).hasSize(50).startsWith("p1-0").endsWith("p1-49");

        ClusterNode leader = cluster.awaitLeader(p0);
        long killedPid = leader.pid();
        leader.kill9();
        assertThat(leader.isRunning()).as("%s after kill -9", leader).isFalse();
        assertThat(ProcessHandle.of(killedPid).map(ProcessHandle::isAlive).orElse(false))
                .as("pid %d after kill -9", killedPid).isFalse();
        leader.restart();
        assertThat(leader.pid()).as("a new process").isNotEqualTo(killedPid);
        Waiting.atMost(DEADLINE, () -> "leader of " + p0 + ": " + cluster.partition(p0) + ", nodes "
                + cluster.nodeIds()).until(() -> cluster.leaderOf(p0) == leader.id()
                        && cluster.nodeIds().contains(leader.id()));
        assertThat(values(cluster, p0)).as("records of %s after the restart from the same data directory", p0)
                .hasSize(50).startsWith("p0-0").endsWith("p0-49");

        ClusterNode frozen = cluster.node(2);
        frozen.pause();
        try {
            assertThat(frozen.state()).as("state of %s in /proc", frozen).isEqualTo('T');
            assertThatThrownBy(() -> describeClusterOnly(frozen)).as("DescribeCluster sent to frozen %s", frozen)
                    .isInstanceOf(ExecutionException.class);
        } finally {
            frozen.resume();
        }
        assertThat(frozen.state()).as("state of %s in /proc after SIGCONT", frozen).isNotEqualTo('T');
        Waiting.atMost(DEADLINE, () -> frozen + " does not answer after SIGCONT").until(() -> {
            try {
                return describeClusterOnly(frozen) > 0;
            } catch (ExecutionException e) {
                return false;
            }
        });
    }

    private static List<String> values(Cluster cluster, TopicPartition tp) {
        try (KafkaConsumer<String, String> consumer = cluster.consumer(Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), DEADLINE).get(tp);
            List<String> values = new ArrayList<>();
            Waiting.atMost(DEADLINE, () -> "read " + values.size() + " of " + end + " from " + tp).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return consumer.position(tp) >= end;
            });
            return values;
        }
    }

    /** How many nodes the node alone lists; ExecutionException (a timeout) if it does not answer within 3 s. */
    private static int describeClusterOnly(ClusterNode node) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.address(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                    .get(10, TimeUnit.SECONDS).size();
        } catch (TimeoutException e) {
            throw new ExecutionException(e);
        }
    }
}
