package io.tributary.metadata;

import static io.tributary.metadata.TopicAdministrationTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.metadata.MetadataException.Reason;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.zk.ZkPaths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

class CoordinatorRegistrationTest extends ZooKeeperTestSupport {

    @Test
    void aRegistrationLivesAsLongAsItsSessionAndTheListIsSorted() {
        ClusterMetadata observer = metadata(client());
        List<List<CoordinatorRegistration>> changes = new CopyOnWriteArrayList<>();
        observer.addListener(new MetadataListener() {
            @Override
            public void onCoordinatorsChanged(List<CoordinatorRegistration> liveCoordinators) {
                changes.add(liveCoordinators);
            }
        });
        CuratorFramework secondClient = client();
        ClusterMetadata second = metadata(secondClient);
        ClusterMetadata first = metadata(client());
        CoordinatorRegistration c1001 = new CoordinatorRegistration(1001, "c1", 9093);
        CoordinatorRegistration c1000 = new CoordinatorRegistration(1000, "c0", 9093);

        second.registerCoordinator(c1001);
        first.registerCoordinator(c1000);

        assertThat(first.liveCoordinators()).containsExactly(c1000, c1001);
        awaitTrue(() -> changes.contains(List.of(c1000, c1001)));
        assertThat(observer.liveBrokers()).isEmpty();

        secondClient.close();

        awaitTrue(() -> changes.get(changes.size() - 1).equals(List.of(c1000)));
        assertThat(observer.liveCoordinators()).containsExactly(c1000);
    }

    @Test
    void anIdHeldByAnotherLiveCoordinatorIsRefused() {
        ClusterMetadata first = metadata(client());
        first.registerCoordinator(new CoordinatorRegistration(1000, "c0", 9093));

        ClusterMetadata second = metadata(client());
        assertRefused(() -> second.registerCoordinator(new CoordinatorRegistration(1000, "other", 9093)),
                Reason.COORDINATOR_ID_IN_USE, "coordinator id 1000 is already registered by a live coordinator");

        CoordinatorRegistration moved = new CoordinatorRegistration(1000, "new-host", 9094);
        first.registerCoordinator(moved);
        assertThat(first.liveCoordinators()).containsExactly(moved);
        awaitTrue(() -> second.liveCoordinators().equals(List.of(moved)));
    }

    @Test
    void aCoordinatorRegistersAgainAfterItsSessionExpired() throws Exception {
        CuratorFramework coordinatorClient = client();
        ClusterMetadata coordinator = metadata(coordinatorClient);
        coordinator.registerCoordinator(new CoordinatorRegistration(1005, "c5", 9093));
        ClusterMetadata observer = metadata(client());
        long firstSession = coordinatorClient.getZookeeperClient().getZooKeeper().getSessionId();

        KillSession.kill(coordinatorClient.getZookeeperClient().getZooKeeper());

        awaitTrue(() -> {
            Stat stat = coordinatorClient.checkExists().forPath(ZkPaths.coordinator(1005));
            return stat != null && stat.getEphemeralOwner() != firstSession
                    && stat.getEphemeralOwner() == coordinatorClient.getZookeeperClient().getZooKeeper().getSessionId();
        });
        awaitTrue(() -> observer.liveCoordinators().size() == 1);
    }

    @Test
    void aBrokerAndACoordinatorMayShareANumberBecauseTheyLiveInSeparateTrees() {
        ClusterMetadata process = broker(1);
        CoordinatorRegistration coordinator = new CoordinatorRegistration(1, "c1", 9093);

        process.registerCoordinator(coordinator);

        assertThat(process.liveCoordinators()).containsExactly(coordinator);
        assertThat(process.liveBrokers()).hasSize(1);
    }

    @Test
    void theRegistrationRefusesANegativeId() {
        assertThatThrownBy(() -> new CoordinatorRegistration(-1, "c", 9093))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("coordinator id must be >= 0, got -1");
    }
}
