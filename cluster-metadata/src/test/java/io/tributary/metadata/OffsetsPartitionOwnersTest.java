package io.tributary.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.coordinator.OffsetsPartitionOwner;
import io.tributary.metadata.zk.ZkPaths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

class OffsetsPartitionOwnersTest extends ZooKeeperTestSupport {

    private static final int PARTITIONS = 50;

    private ClusterMetadata coordinator(CuratorFramework client, int id) {
        ClusterMetadata metadata = metadata(client);
        metadata.registerCoordinator(new CoordinatorRegistration(id, "c" + id, 9093));
        return metadata;
    }

    @Test
    void exactlyOneCoordinatorOwnsAPartition() {
        ClusterMetadata first = coordinator(client(), 1000);
        ClusterMetadata second = coordinator(client(), 1001);

        OptionalLong epoch = first.claimOffsetsPartition(7, 1000);
        assertThat(epoch).isPresent();
        assertThat(second.claimOffsetsPartition(7, 1001)).isEmpty();
        assertThat(first.claimOffsetsPartition(7, 1000)).as("claiming again is idempotent, same epoch").isEqualTo(epoch);

        assertThat(first.offsetsPartitionOwners()).isEqualTo(Map.of(7, 1000));
        awaitTrue(() -> second.offsetsPartitionOwners().equals(Map.of(7, 1000)));
    }

    @Test
    void onlyTheOwnerCanRelease() {
        ClusterMetadata first = coordinator(client(), 1000);
        ClusterMetadata second = coordinator(client(), 1001);
        first.claimOffsetsPartition(3, 1000);
        awaitTrue(() -> second.offsetsPartitionOwners().containsKey(3));

        second.releaseOffsetsPartition(3, 1001);
        second.releaseOffsetsPartition(3, 1000);
        assertThat(first.offsetsPartitionOwners()).isEqualTo(Map.of(3, 1000));

        first.releaseOffsetsPartition(3, 1000);
        assertThat(first.offsetsPartitionOwners()).isEmpty();
        assertThat(second.claimOffsetsPartition(3, 1001)).isPresent();
        assertThat(second.offsetsPartitionOwners()).isEqualTo(Map.of(3, 1001));

        first.releaseOffsetsPartition(9, 1000);
    }

    @Test
    void aClaimDiesWithItsSessionAndListenersHearOfIt() {
        ClusterMetadata observer = metadata(client());
        List<Map<Integer, Integer>> changes = new CopyOnWriteArrayList<>();
        observer.addListener(new MetadataListener() {
            @Override
            public void onOffsetsOwnersChanged(Map<Integer, Integer> owners) {
                changes.add(owners);
            }
        });
        CuratorFramework ownerClient = client();
        ClusterMetadata owner = coordinator(ownerClient, 1000);
        owner.claimOffsetsPartition(0, 1000);
        owner.claimOffsetsPartition(1, 1000);
        awaitTrue(() -> changes.contains(Map.of(0, 1000, 1, 1000)));

        ownerClient.close();

        awaitTrue(() -> changes.get(changes.size() - 1).isEmpty());
        ClusterMetadata successor = coordinator(client(), 1001);
        assertThat(successor.claimOffsetsPartition(0, 1001)).isPresent();
    }

    @Test
    void everyClaimHasAGreaterEpochThanTheOnesBeforeAndEveryViewAgreesOnIt() {
        ClusterMetadata observer = metadata(client());
        CuratorFramework firstClient = client();
        ClusterMetadata first = coordinator(firstClient, 1000);
        long firstEpoch = first.claimOffsetsPartition(4, 1000).orElseThrow();
        assertThat(first.offsetsPartitionOwner(4)).contains(new OffsetsPartitionOwner(1000, firstEpoch));
        assertThat(observer.readOffsetsPartitionOwner(4)).contains(new OffsetsPartitionOwner(1000, firstEpoch));
        awaitTrue(() -> observer.offsetsPartitionOwner(4).equals(Optional.of(new OffsetsPartitionOwner(1000, firstEpoch))));

        firstClient.close();
        awaitTrue(() -> observer.offsetsPartitionOwner(4).isEmpty());
        assertThat(observer.readOffsetsPartitionOwner(4)).isEmpty();
        ClusterMetadata second = coordinator(client(), 1001);
        long secondEpoch = second.claimOffsetsPartition(4, 1001).orElseThrow();

        assertThat(secondEpoch).isGreaterThan(firstEpoch);
        assertThat(observer.readOffsetsPartitionOwner(4)).contains(new OffsetsPartitionOwner(1001, secondEpoch));
        second.releaseOffsetsPartition(4, 1001);
        assertThat(second.claimOffsetsPartition(4, 1001).orElseThrow()).as("a claim after a release")
                .isGreaterThan(secondEpoch);
    }

    @Test
    void theCoordinatorOfAGroupIsTheLiveOwnerOfItsPartition() throws Exception {
        CuratorFramework ownerClient = client();
        ClusterMetadata owner = coordinator(ownerClient, 1000);
        ClusterMetadata other = coordinator(client(), 1001);
        String group = "payments";
        int partition = Math.abs(group.hashCode()) % PARTITIONS;
        assertThat(ClusterMetadata.offsetsPartitionFor(group, PARTITIONS)).isEqualTo(partition);

        assertThat(other.coordinatorFor(group, PARTITIONS)).isEmpty();
        owner.claimOffsetsPartition(partition, 1000);

        awaitTrue(() -> other.coordinatorFor(group, PARTITIONS)
                .equals(Optional.of(new CoordinatorRegistration(1000, "c1000", 9093))));

        // an owner node whose coordinator is not registered names no live coordinator
        ownerClient.delete().forPath(ZkPaths.coordinator(1000));
        awaitTrue(() -> other.liveCoordinators().size() == 1);
        assertThat(other.coordinatorFor(group, PARTITIONS)).isEmpty();
    }

    @Test
    void thePartitionRuleIsKafkas() {
        assertThat("polygenelubricants".hashCode()).isEqualTo(Integer.MIN_VALUE);
        assertThat(ClusterMetadata.offsetsPartitionFor("polygenelubricants", PARTITIONS)).isZero();
        assertThat(ClusterMetadata.offsetsPartitionFor("", PARTITIONS)).isZero();
        int negative = "group-with-negative-hash-0".hashCode();
        String group = negative < 0 ? "group-with-negative-hash-0" : "zzzzzzzzzzzzz";
        assertThat(ClusterMetadata.offsetsPartitionFor(group, PARTITIONS))
                .isEqualTo(Math.abs(group.hashCode()) % PARTITIONS)
                .isBetween(0, PARTITIONS - 1);
        assertThatThrownBy(() -> ClusterMetadata.offsetsPartitionFor("g", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
