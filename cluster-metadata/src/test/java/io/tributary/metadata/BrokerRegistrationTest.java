package io.tributary.metadata;

import static io.tributary.metadata.TopicAdministrationTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.MetadataException.Reason;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.zk.ZkPaths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

class BrokerRegistrationTest extends ZooKeeperTestSupport {

    @Test
    void aRegistrationLivesAsLongAsItsSession() {
        ClusterMetadata observer = metadata(client());
        List<List<BrokerRegistration>> changes = new CopyOnWriteArrayList<>();
        observer.addListener(new MetadataListener() {
            @Override
            public void onBrokersChanged(List<BrokerRegistration> liveBrokers) {
                changes.add(liveBrokers);
            }
        });
        CuratorFramework brokerClient = client();
        ClusterMetadata brokerProcess = metadata(brokerClient);
        BrokerRegistration broker = new BrokerRegistration(1, "b1", 9092, "rack-a", 42);

        brokerProcess.registerBroker(broker);

        assertThat(brokerProcess.liveBrokers()).containsExactly(broker);
        awaitTrue(() -> changes.contains(List.of(broker)));

        brokerClient.close();

        awaitTrue(() -> changes.get(changes.size() - 1).isEmpty());
        assertThat(observer.liveBrokers()).isEmpty();
    }

    @Test
    void anIdHeldByAnotherLiveBrokerIsRefused() {
        ClusterMetadata first = broker(1);

        ClusterMetadata second = metadata(client());
        assertRefused(() -> second.registerBroker(new BrokerRegistration(1, "other", 9092, null, 0)),
                Reason.BROKER_ID_IN_USE, "broker.id 1 is already registered by a live broker");

        BrokerRegistration moved = new BrokerRegistration(1, "new-host", 9093, null, 0);
        first.registerBroker(moved);
        assertThat(first.liveBrokers()).containsExactly(moved);
        awaitTrue(() -> second.liveBrokers().equals(List.of(moved)));
    }

    @Test
    void aBrokerRegistersAgainAfterItsSessionExpired() throws Exception {
        CuratorFramework brokerClient = client();
        ClusterMetadata brokerProcess = metadata(brokerClient);
        brokerProcess.registerBroker(new BrokerRegistration(5, "b5", 9092, null, 0));
        ClusterMetadata observer = metadata(client());
        long firstSession = brokerClient.getZookeeperClient().getZooKeeper().getSessionId();

        KillSession.kill(brokerClient.getZookeeperClient().getZooKeeper());

        awaitTrue(() -> {
            Stat stat = brokerClient.checkExists().forPath(ZkPaths.broker(5));
            return stat != null && stat.getEphemeralOwner() != firstSession
                    && stat.getEphemeralOwner() == brokerClient.getZookeeperClient().getZooKeeper().getSessionId();
        });
        awaitTrue(() -> observer.liveBrokers().size() == 1);
    }
}
