package io.tributary.admin.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.broker.Endpoint;

class NodeRegistrationsTest {

    private final NodeRegistrations registrations = new NodeRegistrations(
            Map.of(1, new BrokerRegistration(1, "h1", 9091, null, 1L),
                    2, new BrokerRegistration(2, "h2", 9092, "r2", 1L).shuttingDownNow()),
            Map.of(1000, new CoordinatorRegistration(1000, new Endpoint("INTERNAL", "coordinator-1", 19093),
                    List.of(new Endpoint("INTERNAL", "coordinator-1", 19093), new Endpoint("EXTERNAL", "localhost", 9093)))),
            Set.of(1, 2, 3));

    @Test
    void aRegisteredBrokerIsOnlineUntilItsControlledShutdown() {
        assertThat(registrations.health(1)).isEqualTo(NodeHealth.ONLINE);
        assertThat(registrations.health(2)).isEqualTo(NodeHealth.SHUTTING_DOWN);
    }

    @Test
    void aReplicaBrokerWithoutRegistrationIsOffline() {
        assertThat(registrations.ids()).containsExactly(1, 2, 3, 1000);
        assertThat(registrations.health(3)).isEqualTo(NodeHealth.OFFLINE);
        assertThat(registrations.registration(3)).isEmpty();
        assertThat(registrations.role(3)).isEqualTo(NodeRole.BROKER);
    }

    @Test
    void aRegisteredCoordinatorIsAnOnlineCoordinator() {
        assertThat(registrations.role(1000)).isEqualTo(NodeRole.COORDINATOR);
        assertThat(registrations.health(1000)).isEqualTo(NodeHealth.ONLINE);
        assertThat(registrations.registration(1000).orElseThrow().port()).isEqualTo(19093);
    }

    @Test
    void everyNamedListenerIsShownAndAnOlderRegistrationHasOnePlaintextListener() {
        assertThat(registrations.advertisedListeners(1000)).containsExactly(
                new AdvertisedListener("INTERNAL", "coordinator-1", 19093),
                new AdvertisedListener("EXTERNAL", "localhost", 9093));
        assertThat(registrations.advertisedListeners(1)).containsExactly(new AdvertisedListener("PLAINTEXT", "h1", 9091));
        assertThat(registrations.advertisedListeners(3)).isEmpty();
    }
}
