package io.tributary.spring.autoconfigure.topic;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * spring-kafka's {@link KafkaAdmin} (still the bean applications inject for their own admin calls), whose start-up
 * round over the {@code NewTopic} and {@code NewTopics} beans fails the start when the cluster refuses a topic,
 * naming it with Kafka's reason, where KafkaAdmin would stop at the first refusal or only log it.
 */
public class DeclaredTopicsAdmin extends KafkaAdmin {

    private static final Log log = LogFactory.getLog(DeclaredTopicsAdmin.class);

    private final boolean create;
    private final boolean failFast;
    private final Duration timeout;

    public DeclaredTopicsAdmin(Map<String, Object> config, boolean create, boolean failFast, Duration timeout) {
        super(config);
        this.create = create;
        this.failFast = failFast;
        this.timeout = timeout;
        setAutoCreate(create);
        setFatalIfBrokerNotAvailable(failFast);
        setOperationTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds())));
    }

    /** Replaces KafkaAdmin's round (not called) with one that names every refused topic. */
    @Override
    public void afterSingletonsInstantiated() {
        if (!create) {
            return;
        }
        Collection<NewTopic> declared = newTopics();
        if (declared.isEmpty()) {
            return;
        }
        List<String> names = declared.stream().map(NewTopic::name).distinct().toList();
        DeclaredTopicsCreator.Outcome outcome;
        Admin admin = createAdmin();
        try {
            outcome = new DeclaredTopicsCreator(admin, timeout).apply(declared);
        } catch (DeclaredTopicsCreator.ClusterUnavailableException e) {
            String message = "Tributary at " + getConfigurationProperties().get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " did not answer within " + timeout.toMillis() + " ms (tributary.topics.timeout) to create the declared topics "
                    + names + ": " + e.getMessage();
            if (failFast) {
                throw new IllegalStateException(message, e);
            }
            log.error(message + "; starting without them (tributary.topics.fail-fast=false)");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the declared topics " + names, e);
        } finally {
            // nothing is pending once the round is over, or it is abandoned: no reason to wait
            admin.close(Duration.ZERO);
        }
        if (!outcome.created().isEmpty() || !outcome.raised().isEmpty()) {
            log.info("Declared topics: created " + outcome.created() + ", partitions raised on " + outcome.raised());
        }
        if (!outcome.refused().isEmpty()) {
            DeclaredTopicsRefusedException refused = new DeclaredTopicsRefusedException(outcome.refused());
            if (failFast) {
                throw refused;
            }
            log.error(refused.getMessage() + "; starting without them (tributary.topics.fail-fast=false)");
        }
    }
}
