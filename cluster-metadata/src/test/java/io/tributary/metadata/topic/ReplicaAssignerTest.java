package io.tributary.metadata.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ReplicaAssignerTest {

    private static final List<Integer> BROKERS = List.of(1, 2, 3, 4);

    @RepeatedTest(10)
    void leadersSpreadEvenlyAndReplicasAreDistinct() {
        Map<Integer, List<Integer>> assignment = new ReplicaAssigner(new Random()).assign(BROKERS, 8, 3);

        assertThat(assignment).hasSize(8).containsKeys(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(assignment.values()).allSatisfy(replicas ->
                assertThat(replicas).hasSize(3).doesNotHaveDuplicates().isSubsetOf(BROKERS));
        assertThat(countBy(assignment.values().stream().map(r -> r.get(0)).toList())).containsOnly(
                Map.entry(1, 2L), Map.entry(2, 2L), Map.entry(3, 2L), Map.entry(4, 2L));
        assertThat(countBy(assignment.values().stream().flatMap(List::stream).toList()).values())
                .containsOnly(6L);
    }

    @Test
    void newPartitionsContinueTheLeaderSequence() {
        ReplicaAssigner assigner = new ReplicaAssigner(new Random(42));
        Map<Integer, List<Integer>> first = assigner.assign(BROKERS, 2, 2);
        TopicAssignment existing = new TopicAssignment("id", first, Map.of());

        Map<Integer, List<Integer>> added = assigner.assignAdditional(BROKERS, existing, 4);

        assertThat(added).containsOnlyKeys(2, 3);
        int leaderOfPartition0 = BROKERS.indexOf(first.get(0).get(0));
        assertThat(added.get(2).get(0)).isEqualTo(BROKERS.get((leaderOfPartition0 + 2) % 4));
        assertThat(added.get(3).get(0)).isEqualTo(BROKERS.get((leaderOfPartition0 + 3) % 4));
        assertThat(added.values()).allSatisfy(r -> assertThat(r).hasSize(2).doesNotHaveDuplicates());
    }

    private static Map<Integer, Long> countBy(List<Integer> ids) {
        return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
