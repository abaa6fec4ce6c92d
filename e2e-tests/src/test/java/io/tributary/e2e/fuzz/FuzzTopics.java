package io.tributary.e2e.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;

import io.tributary.e2e.support.Waiting;
import io.tributary.e2e.support.RawKafkaConnection;

/**
 * The topics, group and producer id that fuzz seeds name, created before a run through kafka-clients' Admin.
 * <p>
 * Data a test must protect from the fuzzer lives under names that start with {@link #PROTECTED_PREFIX}: no seed
 * carries such a name (or the id of such a topic), every seed name is short and differs from it in length and
 * in every byte, and a mutation changes a handful of bytes at most, so no mutated request (a DeleteTopics, an
 * IncrementalAlterConfigs, a DeleteGroups, a Produce) can name protected data. Destructive APIs stay in the seeds:
 * they are fuzzed against the churn topic and the fuzzing group.
 */
public final class FuzzTopics {

    /** The start of every topic or group name a fuzz run cannot reach. */
    public static final String PROTECTED_PREFIX = "preserved-through-fuzzing.";
    static final String LIVE = "fz-live";
    static final String COMPACT = "fz-compact";
    static final String CHURN = "fz-churn";
    static final String GROUP = "fz-group";
    static final int LIVE_PARTITIONS = 3;

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private FuzzTopics() {
    }

    /** Creates the fuzz topics on {@code target}'s cluster unless they exist, and a producer id from the node. */
    static SeedContext prepare(FuzzTarget target) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG, "fuzz-setup",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) DEADLINE.toMillis()))) {
            create(admin, new NewTopic(LIVE, LIVE_PARTITIONS, (short) 1));
            create(admin, new NewTopic(COMPACT, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            Map<String, TopicDescription> topics = describe(admin);
            List<Node> nodes = List.copyOf(admin.describeCluster().nodes().get(DEADLINE.toMillis(),
                    TimeUnit.MILLISECONDS));
            int nodeId = nodes.stream().filter(node -> node.port() == target.port()).findFirst()
                    .orElse(nodes.get(0)).id();
            InitProducerIdResponseData producer = producerId(target);
            return new SeedContext(LIVE, topics.get(LIVE).topicId(), LIVE_PARTITIONS, COMPACT,
                    topics.get(COMPACT).topicId(), CHURN, GROUP, producer.producerId(), producer.producerEpoch(),
                    nodeId);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot prepare the fuzz topics on " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The fuzz topics as the node describes them, once it does (a new topic reaches metadata a moment later). */
    private static Map<String, TopicDescription> describe(Admin admin) {
        List<Map<String, TopicDescription>> found = new ArrayList<>();
        Waiting.atMost(DEADLINE, () -> "the fuzz topics " + List.of(LIVE, COMPACT)
                + " never appeared in the node's metadata").until(() -> {
            try {
                found.add(admin.describeTopics(List.of(LIVE, COMPACT)).allTopicNames()
                        .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
                return true;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RetriableException) {
                    return false;
                }
                throw new IllegalStateException("cannot describe the fuzz topics", e);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        return found.get(0);
    }

    private static void create(Admin admin, NewTopic topic) throws InterruptedException, TimeoutException,
            ExecutionException {
        try {
            admin.createTopics(List.of(topic)).all().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** A producer id from the node, asked again while it answers with a retriable error (a coordinator loading). */
    private static InitProducerIdResponseData producerId(FuzzTarget target) {
        InitProducerIdResponseData[] answer = new InitProducerIdResponseData[1];
        Waiting.atMost(DEADLINE, () -> "InitProducerId on " + target + " kept answering "
                + (answer[0] == null ? "nothing" : Errors.forCode(answer[0].errorCode()))).until(() -> {
            try (RawKafkaConnection connection = RawKafkaConnection.open(target.host(), target.port(), DEADLINE)) {
                answer[0] = ((InitProducerIdResponse) connection.call(new InitProducerIdRequest.Builder(
                        new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000))
                        .build())).data();
            }
            Errors error = Errors.forCode(answer[0].errorCode());
            if (error != Errors.NONE && !(error.exception() instanceof RetriableException)) {
                throw new IllegalStateException("InitProducerId on " + target + " answered " + error);
            }
            return error == Errors.NONE;
        });
        return answer[0];
    }
}
