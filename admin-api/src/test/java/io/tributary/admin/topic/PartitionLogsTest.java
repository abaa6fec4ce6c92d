package io.tributary.admin.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.tributary.admin.config.AdminApiProperties;
import io.tributary.admin.kafka.AdminCalls;

/** Against a cluster that does not answer: a closed port, as a cluster that went away after describing the topic. */
class PartitionLogsTest {

    private int port;
    private Admin admin;
    private PartitionLogs logs;

    @BeforeEach
    void clusterThatDoesNotAnswer() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 500));
        AdminCalls calls = new AdminCalls(new AdminApiProperties("127.0.0.1:" + port, Duration.ofSeconds(2),
                Path.of("unused"), Map.of()));
        logs = new PartitionLogs(admin, calls);
    }

    @AfterEach
    void close() {
        admin.close(Duration.ZERO);
    }

    @Test
    void aClusterThatDoesNotAnswerFailsTheRequestInsteadOfShowingNulls() {
        Node leader = new Node(1, "127.0.0.1", port);
        TopicPartitionInfo partition = new TopicPartitionInfo(0, leader, List.of(leader), List.of(leader));

        assertThatThrownBy(() -> logs.of("t", List.of(partition))).isInstanceOf(TimeoutException.class);
    }

    @Test
    void aPartitionWithoutALeaderShowsNullsWithoutAskingTheCluster() {
        Node replica = new Node(1, "127.0.0.1", port);
        TopicPartitionInfo leaderless = new TopicPartitionInfo(0, Node.noNode(), List.of(replica), List.of());

        Map<TopicPartition, PartitionLogs.Log> answered = logs.of("t", List.of(leaderless));

        assertThat(answered).containsExactly(Map.entry(new TopicPartition("t", 0), new PartitionLogs.Log(null, null,
                null)));
    }
}
