package io.tributary.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * Every setting of the Tributary starters, under {@code tributary.*}. Kafka client settings that have no key here
 * pass through unchanged under {@code tributary.properties.*} (all clients), {@code tributary.producer.properties.*}
 * or {@code tributary.consumer.properties.*}; a key here wins over the same setting passed through.
 */
@ConfigurationProperties("tributary")
public class TributaryProperties {

    /**
     * Comma-separated host:port pairs of brokers to bootstrap from. The default is where the standalone jar listens.
     */
    private List<String> bootstrapServers = new ArrayList<>(List.of("127.0.0.1:9092"));

    /**
     * Prefix of the client id of every producer, consumer and admin client, so the brokers' logs and quotas name
     * the application. Defaults to spring.application.name when that is set.
     */
    private String clientId;

    /**
     * Kafka client settings applied to every client the starters create.
     */
    private final Map<String, String> properties = new HashMap<>();

    private final Producer producer = new Producer();

    private final Consumer consumer = new Consumer();

    private final Topics topics = new Topics();

    private final Observation observation = new Observation();

    public List<String> getBootstrapServers() {
        return bootstrapServers;
    }

    public void setBootstrapServers(List<String> bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public Map<String, String> getProperties() {
        return properties;
    }

    public Producer getProducer() {
        return producer;
    }

    public Consumer getConsumer() {
        return consumer;
    }

    public Topics getTopics() {
        return topics;
    }

    public Observation getObservation() {
        return observation;
    }

    public static class Producer {

        /**
         * Acknowledgements the leader must have before a send completes: "all" (every in-sync replica), "1" or "0".
         */
        private String acks = "all";

        /**
         * Whether the producer is idempotent: retries never write a record twice or out of order. Needs acks=all.
         */
        private boolean idempotence = true;

        /**
         * Time to wait for more records before sending a batch.
         */
        private Duration linger = Duration.ofMillis(5);

        /**
         * Compression of record batches: none, gzip, snappy, lz4 or zstd.
         */
        private String compressionType = "none";

        /**
         * Whether JSON values carry a type header (the value's class name), for listeners whose parameter type is
         * abstract.
         */
        private boolean addTypeHeaders = true;

        /**
         * Kafka producer settings with no key of their own here.
         */
        private final Map<String, String> properties = new HashMap<>();

        public String getAcks() {
            return acks;
        }

        public void setAcks(String acks) {
            this.acks = acks;
        }

        public boolean isIdempotence() {
            return idempotence;
        }

        public void setIdempotence(boolean idempotence) {
            this.idempotence = idempotence;
        }

        public Duration getLinger() {
            return linger;
        }

        public void setLinger(Duration linger) {
            this.linger = linger;
        }

        public String getCompressionType() {
            return compressionType;
        }

        public void setCompressionType(String compressionType) {
            this.compressionType = compressionType;
        }

        public boolean isAddTypeHeaders() {
            return addTypeHeaders;
        }

        public void setAddTypeHeaders(boolean addTypeHeaders) {
            this.addTypeHeaders = addTypeHeaders;
        }

        public Map<String, String> getProperties() {
            return properties;
        }
    }

    public static class Consumer {

        /**
         * Consumer group of every listener that names none itself. Listeners need it, unless each names its own.
         */
        private String groupId;

        /**
         * Where a group with no committed offset starts: "earliest" or "latest". Earliest by default, so that a new
         * listener does not silently skip what was produced before its first start.
         */
        private String autoOffsetReset = "earliest";

        /**
         * Consumers (threads) per listener; more than the topic's partitions leaves some idle.
         */
        private int concurrency = 1;

        /**
         * Whether listeners receive a whole poll's records as one List instead of one record per call.
         */
        private boolean batch = false;

        /**
         * When offsets are committed: RECORD, BATCH (after each poll's records), TIME, COUNT, COUNT_TIME, MANUAL
         * (the listener acknowledges; committed with the next poll) or MANUAL_IMMEDIATE.
         */
        private ContainerProperties.AckMode ackMode = ContainerProperties.AckMode.BATCH;

        /**
         * Most records one poll returns.
         */
        private int maxPollRecords = 500;

        /**
         * How long a poll waits for records.
         */
        private Duration pollTimeout = Duration.ofSeconds(1);

        /**
         * How long a closing application waits for its listeners, all together, to finish the records in hand and
         * commit their offsets. Records not finished by then are delivered again to the next consumer.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        /**
         * Kafka consumer settings with no key of their own here.
         */
        private final Map<String, String> properties = new HashMap<>();

        private final Json json = new Json();

        private final Retry retry = new Retry();

        private final DeadLetter deadLetter = new DeadLetter();

        private final Health health = new Health();

        private final Operations operations = new Operations();

        public String getGroupId() {
            return groupId;
        }

        public void setGroupId(String groupId) {
            this.groupId = groupId;
        }

        public String getAutoOffsetReset() {
            return autoOffsetReset;
        }

        public void setAutoOffsetReset(String autoOffsetReset) {
            this.autoOffsetReset = autoOffsetReset;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public boolean isBatch() {
            return batch;
        }

        public void setBatch(boolean batch) {
            this.batch = batch;
        }

        public ContainerProperties.AckMode getAckMode() {
            return ackMode;
        }

        public void setAckMode(ContainerProperties.AckMode ackMode) {
            this.ackMode = ackMode;
        }

        public int getMaxPollRecords() {
            return maxPollRecords;
        }

        public void setMaxPollRecords(int maxPollRecords) {
            this.maxPollRecords = maxPollRecords;
        }

        public Duration getPollTimeout() {
            return pollTimeout;
        }

        public void setPollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public Json getJson() {
            return json;
        }

        public Retry getRetry() {
            return retry;
        }

        public DeadLetter getDeadLetter() {
            return deadLetter;
        }

        public Health getHealth() {
            return health;
        }

        public Operations getOperations() {
            return operations;
        }
    }

    public static class Json {

        /**
         * Packages whose classes a type header may name, for listeners whose parameter type is abstract. Empty by
         * default: a header then never decides what class is instantiated.
         */
        private List<String> trustedPackages = new ArrayList<>();

        public List<String> getTrustedPackages() {
            return trustedPackages;
        }

        public void setTrustedPackages(List<String> trustedPackages) {
            this.trustedPackages = trustedPackages;
        }
    }

    public static class Retry {

        /**
         * Deliveries of a failing record in all, the first included, before it goes to the dead-letter topic.
         */
        private int maxAttempts = 3;

        /**
         * Wait before the first retry.
         */
        private Duration initialInterval = Duration.ofSeconds(1);

        /**
         * Factor the wait grows by after each retry.
         */
        private double multiplier = 2.0;

        /**
         * Longest wait between two retries.
         */
        private Duration maxInterval = Duration.ofSeconds(10);

        /**
         * Exception classes (fully qualified) that are never retried: the record goes straight to the dead-letter
         * topic. A deserialization or conversion failure is never retried either.
         */
        private List<String> nonRetryableExceptions = new ArrayList<>();

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialInterval() {
            return initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = initialInterval;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
        }

        public List<String> getNonRetryableExceptions() {
            return nonRetryableExceptions;
        }

        public void setNonRetryableExceptions(List<String> nonRetryableExceptions) {
            this.nonRetryableExceptions = nonRetryableExceptions;
        }
    }

    public static class DeadLetter {

        /**
         * Whether a record that failed every attempt is published to the dead-letter topic (same partition,
         * original headers plus the exception). When false it is logged and skipped.
         */
        private boolean enabled = true;

        /**
         * Suffix appended to the source topic's name to name its dead-letter topic.
         */
        private String suffix = ".DLT";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getSuffix() {
            return suffix;
        }

        public void setSuffix(String suffix) {
            this.suffix = suffix;
        }
    }

    public static class Health {

        /**
         * Whether each listener gets a health indicator (DOWN when its container stopped).
         */
        private boolean enabled = true;

        /**
         * Age of the oldest record a listener has not consumed above which its health is OUT_OF_SERVICE. Unset: lag
         * does not affect health.
         */
        private Duration maxLag;

        /**
         * How long a listener's lag, once read from the cluster, answers health checks and the kafkalisteners
         * endpoint before it is read again.
         */
        private Duration lagCacheTime = Duration.ofSeconds(5);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getMaxLag() {
            return maxLag;
        }

        public void setMaxLag(Duration maxLag) {
            this.maxLag = maxLag;
        }

        public Duration getLagCacheTime() {
            return lagCacheTime;
        }

        public void setLagCacheTime(Duration lagCacheTime) {
            this.lagCacheTime = lagCacheTime;
        }
    }

    public static class Operations {

        /**
         * How long an operation of the kafkalisteners endpoint may take: a seek waits for the listener's own
         * consumer thread to apply it, a dead-letter replay stops there and reports what is left.
         */
        private Duration timeout = Duration.ofSeconds(30);

        /**
         * Readers of record timestamps for the lag in seconds of listeners: bounds what lag reads cost the cluster
         * at once.
         */
        private int lagReaders = 2;

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public int getLagReaders() {
            return lagReaders;
        }

        public void setLagReaders(int lagReaders) {
            this.lagReaders = lagReaders;
        }
    }

    public static class Topics {

        /**
         * Whether NewTopic beans are created (or their partitions raised) at start-up.
         */
        private boolean create = true;

        /**
         * Whether the application fails to start when the cluster refuses a declared topic or cannot be reached.
         */
        private boolean failFast = true;

        /**
         * How long start-up waits for the cluster to create the declared topics.
         */
        private Duration timeout = Duration.ofSeconds(30);

        public boolean isCreate() {
            return create;
        }

        public void setCreate(boolean create) {
            this.create = create;
        }

        public boolean isFailFast() {
            return failFast;
        }

        public void setFailFast(boolean failFast) {
            this.failFast = failFast;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    public static class Observation {

        /**
         * Whether sends and listener calls are observed (Micrometer timers spring.kafka.template and
         * spring.kafka.listener, tagged by topic and listener id).
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
