package io.tributary.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tributary.metadata.controller.ControllerElection;
import io.tributary.metadata.controller.ControllerListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

class ControllerElectionTest extends ZooKeeperTestSupport {

    @Test
    void oneOfTwoIsControllerAndTheEpochGrowsOnFailover() {
        CuratorFramework clientOne = client();
        CuratorFramework clientTwo = client();
        ControllerElection one = closeAfterTest(metadata(clientOne).controllerElection(1));
        ControllerElection two = closeAfterTest(metadata(clientTwo).controllerElection(2));
        List<Integer> epochsWonByTwo = new CopyOnWriteArrayList<>();
        two.addListener(new ControllerListener() {
            @Override
            public void becameController(int epoch) {
                epochsWonByTwo.add(epoch);
            }
        });
        one.start();
        awaitTrue(one::isController);
        two.start();

        assertThat(one.epoch()).isEqualTo(1);
        assertThat(two.isController()).isFalse();
        assertThat(two.epoch()).isEqualTo(-1);
        awaitTrue(() -> two.controllerId() == 1);
        assertThat(one.controllerId()).isEqualTo(1);

        clientOne.close();

        awaitTrue(two::isController);
        assertThat(two.epoch()).isEqualTo(2);
        assertThat(epochsWonByTwo).containsExactly(2);
        assertThat(two.controllerId()).isEqualTo(2);
    }

    @Test
    void closingHandsOverAndIsIdempotent() {
        ControllerElection one = metadata(client()).controllerElection(1);
        ControllerElection two = closeAfterTest(metadata(client()).controllerElection(2));
        one.start();
        awaitTrue(one::isController);
        two.start();

        one.close();
        assertThatCode(one::close).doesNotThrowAnyException();

        assertThat(one.isController()).isFalse();
        awaitTrue(two::isController);
        assertThat(two.epoch()).isEqualTo(2);
    }

    @Test
    void noControllerBeforeAnyoneStarts() {
        ControllerElection idle = closeAfterTest(metadata(client()).controllerElection(1));

        assertThat(idle.isController()).isFalse();
        assertThat(idle.epoch()).isEqualTo(-1);
    }
}
