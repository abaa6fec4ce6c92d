package io.tributary.metadata.topic;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.metadata.MetadataException;
import io.tributary.metadata.MetadataException.Reason;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"orders", "a.b_c-D9", "_internal"})
    void legalNames(String name) {
        assertThatCode(() -> TopicRules.validateName(name)).doesNotThrowAnyException();
    }

    @Test
    void theLongestLegalNameHas249Characters() {
        assertThatCode(() -> TopicRules.validateName("x".repeat(249))).doesNotThrowAnyException();
    }

    @Test
    void illegalNames() {
        assertRefused(() -> TopicRules.validateName("a/b"), Reason.INVALID_TOPIC_NAME,
                "Topic name \"a/b\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'");
        assertRefused(() -> TopicRules.validateName("x".repeat(250)), Reason.INVALID_TOPIC_NAME,
                "Topic name is illegal, it can't be longer than 249 characters, topic name: " + "x".repeat(250));
        assertRefused(() -> TopicRules.validateName("."), Reason.INVALID_TOPIC_NAME, "Topic name cannot be \".\" or \"..\"");
        assertRefused(() -> TopicRules.validateName(".."), Reason.INVALID_TOPIC_NAME, "Topic name cannot be \".\" or \"..\"");
        assertRefused(() -> TopicRules.validateName(""), Reason.INVALID_TOPIC_NAME, "Topic name is illegal, it can't be empty");
        assertRefused(() -> TopicRules.validateName("caf\u00e9"), Reason.INVALID_TOPIC_NAME,
                "Topic name \"caf\u00e9\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'");
    }

    @Test
    void countsAndReplicationFactors() {
        assertRefused(() -> TopicRules.validatePartitionCount(0), Reason.INVALID_PARTITIONS,
                "Number of partitions must be larger than 0.");
        assertRefused(() -> TopicRules.validateReplicationFactor(3, 1), Reason.INVALID_REPLICATION_FACTOR,
                "Replication factor: 3 larger than available brokers: 1.");
        assertRefused(() -> TopicRules.validateReplicationFactor(0, 1), Reason.INVALID_REPLICATION_FACTOR,
                "Replication factor must be larger than 0.");
        assertRefused(() -> TopicRules.validateNewPartitionCount(3, 2), Reason.INVALID_PARTITIONS,
                "Topic currently has 3 partitions, which is higher than the requested 2. "
                        + "Partitions can only be added, never removed.");
        assertRefused(() -> TopicRules.validateNewPartitionCount(3, 3), Reason.INVALID_PARTITIONS,
                "Topic already has 3 partitions.");
    }

    @Test
    void explicitAssignments() {
        Set<Integer> live = Set.of(1, 2, 3);
        assertThatCode(() -> TopicRules.validateExplicitAssignment(Map.of(0, List.of(1, 2), 1, List.of(2, 3)), live))
                .doesNotThrowAnyException();
        assertRefused(() -> TopicRules.validateExplicitAssignment(Map.of(0, List.of(1), 2, List.of(2)), live),
                Reason.INVALID_REPLICA_ASSIGNMENT,
                "Partitions should be a consecutive 0-based integer sequence, but partition 1 is missing from [0, 2].");
        assertRefused(() -> TopicRules.validateExplicitAssignment(Map.of(0, List.of(1, 2), 1, List.of(3)), live),
                Reason.INVALID_REPLICA_ASSIGNMENT, "Partition 1 has 1 replicas, but the other partitions have 2.");
        assertRefused(() -> TopicRules.validateExplicitAssignment(Map.of(0, List.of(1, 1)), live),
                Reason.INVALID_REPLICA_ASSIGNMENT, "Duplicate brokers in the replica assignment of partition 0: [1, 1].");
        assertRefused(() -> TopicRules.validateExplicitAssignment(Map.of(0, List.of(1, 9)), live),
                Reason.INVALID_REPLICA_ASSIGNMENT,
                "The replica assignment of partition 0 names broker 9, which is not a live broker.");
        assertRefused(() -> TopicRules.validateAddedAssignment(2, 4, List.of(List.of(1)), 1, live),
                Reason.INVALID_REPLICA_ASSIGNMENT, "Increasing the number of partitions by 2 but 1 assignments provided.");
    }

    private static void assertRefused(Runnable call, Reason reason, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(MetadataException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(reason)).hasMessage(message);
    }
}
