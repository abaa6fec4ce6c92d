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

    private static final List<Integer> RACKED = List.of(1, 2, 3, 4, 5, 6);
    private static final Map<Integer, String> THREE_RACKS = Map.of(1, "a", 2, "a", 3, "b", 4, "b", 5, "c", 6, "c");

    @Test
    void brokersAreOrderedToAlternateRacks() {
        assertThat(ReplicaAssigner.rackAlternated(List.of(1, 2, 3, 4), Map.of(1, "a", 2, "a", 3, "b", 4, "c")))
                .containsExactly(1, 3, 4, 2);
    }

    @RepeatedTest(10)
    void withRacksEveryPartitionSpansAsManyRacksAsItHasReplicasAndLeadersStaySpread() {
        Map<Integer, List<Integer>> assignment = new ReplicaAssigner(new Random()).assign(RACKED, THREE_RACKS, 12, 3);

        assertThat(assignment.values()).allSatisfy(replicas -> {
            assertThat(replicas).hasSize(3).doesNotHaveDuplicates();
            assertThat(replicas.stream().map(THREE_RACKS::get).distinct()).hasSize(3);
        });
        assertThat(countBy(assignment.values().stream().map(r -> r.get(0)).toList()).values()).containsOnly(2L);
        assertThat(countBy(assignment.values().stream().flatMap(List::stream).toList()).values()).containsOnly(6L);
    }

    @RepeatedTest(10)
    void moreReplicasThanRacksUseEveryRackFirst() {
        Map<Integer, String> twoRacks = Map.of(1, "a", 2, "a", 3, "b", 4, "b");

        Map<Integer, List<Integer>> assignment = new ReplicaAssigner(new Random()).assign(BROKERS, twoRacks, 8, 3);

        assertThat(assignment.values()).allSatisfy(replicas -> {
            assertThat(replicas).hasSize(3).doesNotHaveDuplicates();
            assertThat(replicas.subList(0, 2).stream().map(twoRacks::get).distinct()).hasSize(2);
        });
    }

    @Test
    void addedPartitionsAreRackAwareToo() {
        ReplicaAssigner assigner = new ReplicaAssigner(new Random(7));
        TopicAssignment existing = new TopicAssignment("id", assigner.assign(RACKED, THREE_RACKS, 3, 3), Map.of());

        Map<Integer, List<Integer>> added = assigner.assignAdditional(RACKED, THREE_RACKS, existing, 9);

        assertThat(added).containsOnlyKeys(3, 4, 5, 6, 7, 8);
        assertThat(added.values()).allSatisfy(replicas ->
                assertThat(replicas.stream().map(THREE_RACKS::get).distinct()).hasSize(3));
    }

    @Test
    void aBrokerWithoutARackMakesThePlacementIgnoreRacks() {
        Map<Integer, String> partly = Map.of(1, "a", 2, "a", 3, "a");

        Map<Integer, List<Integer>> withRacks = new ReplicaAssigner(new Random(3)).assign(BROKERS, partly, 8, 3);
        Map<Integer, List<Integer>> without = new ReplicaAssigner(new Random(3)).assign(BROKERS, 8, 3);

        assertThat(withRacks).isEqualTo(without);
    }

    private static Map<Integer, Long> countBy(List<Integer> ids) {
        return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
