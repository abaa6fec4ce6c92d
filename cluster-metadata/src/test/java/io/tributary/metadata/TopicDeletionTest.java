package io.tributary.metadata;

import static io.tributary.metadata.TopicAdministrationTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.MetadataException.Reason;
import io.tributary.metadata.controller.ControllerElection;
import io.tributary.metadata.controller.TopicDeletionExecutor;
import io.tributary.metadata.topic.NewTopic;
import io.tributary.metadata.zk.ZkPaths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopicDeletionTest extends ZooKeeperTestSupport {

    private CuratorFramework controllerClient;
    private ClusterMetadata controllerProcess;
    private ClusterMetadata otherProcess;
    private final List<String> deletedSeenByController = new CopyOnWriteArrayList<>();

    @BeforeEach
    void twoProcesses() {
        controllerClient = client();
        controllerProcess = metadata(controllerClient);
        controllerProcess.registerBroker(new io.tributary.metadata.broker.BrokerRegistration(1, "h1", 9092, null, 0));
        controllerProcess.addListener(new MetadataListener() {
            @Override
            public void onTopicDeleted(String name) {
                deletedSeenByController.add(name);
            }
        });
        otherProcess = broker(2);
        awaitTrue(() -> otherProcess.liveBrokers().size() == 2);
    }

    private ControllerElection electController() {
        ControllerElection election = closeAfterTest(controllerProcess.controllerElection(1));
        election.start();
        closeAfterTest(new TopicDeletionExecutor(controllerClient, election)).start();
        awaitTrue(election::isController);
        return election;
    }

    @Test
    void theControllerDeletesATopicMarkedByAnotherProcessAndBothCachesSeeItGone() throws Exception {
        electController();
        controllerProcess.createTopic(NewTopic.of("doomed", 4, 2), false);
        awaitTrue(() -> otherProcess.topic("doomed").isPresent());

        otherProcess.deleteTopic("doomed", DEADLINE);

        assertThat(otherProcess.topic("doomed")).isEmpty();
        awaitTrue(() -> controllerProcess.topic("doomed").isEmpty());
        awaitTrue(() -> deletedSeenByController.contains("doomed"));
        assertThat(deletedSeenByController).containsOnlyOnce("doomed");
        assertThat(controllerClient.checkExists().forPath(ZkPaths.topic("doomed"))).isNull();
        assertThat(controllerClient.checkExists().forPath(ZkPaths.deleteMarker("doomed"))).isNull();
        assertThat(otherProcess.topicsMarkedForDeletion()).isEmpty();
    }

    @Test
    void theControllerProcessDeletesItselfAndTheNameCanBeReused() {
        electController();
        String oldId = controllerProcess.createTopic(NewTopic.of("reused", 2, 1), false).topicId();

        controllerProcess.deleteTopic("reused", DEADLINE);
        assertThat(controllerProcess.topic("reused")).isEmpty();

        String newId = controllerProcess.createTopic(NewTopic.of("reused", 1, 1), false).topicId();
        assertThat(newId).isNotEqualTo(oldId);
        awaitTrue(() -> otherProcess.topic("reused").map(t -> t.topicId().equals(newId)).orElse(false));
    }

    @Test
    void withoutAControllerTheDeletionWaitsAndHappensOnceOneIsElected() throws Exception {
        otherProcess.createTopic(NewTopic.of("pending", 1, 1), false);

        assertRefused(() -> otherProcess.deleteTopic("pending", Duration.ofMillis(300)), Reason.TIMED_OUT,
                "Topic 'pending' is marked for deletion, but the controller has not deleted it within 300 ms.");
        awaitTrue(() -> otherProcess.topicsMarkedForDeletion().contains("pending"));
        assertRefused(() -> otherProcess.createTopic(NewTopic.of("pending", 1, 1), false), Reason.TOPIC_ALREADY_EXISTS,
                "Topic 'pending' is marked for deletion.");
        assertRefused(() -> otherProcess.createPartitions("pending", 2, null, false), Reason.UNKNOWN_TOPIC,
                "Topic 'pending' is marked for deletion.");

        electController();

        awaitTrue(() -> otherProcess.topic("pending").isEmpty() && controllerProcess.topic("pending").isEmpty());
        awaitTrue(() -> otherProcess.topicsMarkedForDeletion().isEmpty());
    }

    @Test
    void deletingAnUnknownTopicIsRefused() {
        assertRefused(() -> otherProcess.deleteTopic("ghost", DEADLINE), Reason.UNKNOWN_TOPIC,
                "Topic 'ghost' does not exist.");
    }
}
