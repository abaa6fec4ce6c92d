package io.tributary.metadata;

import io.tributary.metadata.broker.BrokerCache;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.broker.NodeRegistrar;
import io.tributary.metadata.coordinator.CoordinatorCache;
import io.tributary.metadata.coordinator.OffsetsPartitionClaims;
import io.tributary.metadata.coordinator.OffsetsPartitionOwner;
import io.tributary.metadata.controller.ControllerElection;
import io.tributary.metadata.controller.TopicDeleter;
import io.tributary.metadata.producer.ProducerIdAllocator;
import io.tributary.metadata.producer.ProducerIdBlock;
import io.tributary.metadata.topic.DeletionMarkers;
import io.tributary.metadata.topic.NewTopic;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.ReplicaAssigner;
import io.tributary.metadata.topic.TopicAdministrator;
import io.tributary.metadata.topic.TopicCache;
import io.tributary.metadata.topic.TopicDefaults;
import io.tributary.metadata.topic.TopicMetadata;
import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkCalls;
import io.tributary.metadata.zk.ZkPaths;
import io.tributary.metadata.zk.ZkWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * The typed view of the Tributary ZooKeeper layout that services use: caches of the live brokers, the live
 * coordinators and the owners of the {@code __consumer_offsets} partitions, the topics with their partition states
 * and the pending deletions, plus every write (topics, registrations, partition claims, producer ids, controller
 * election). The caller owns the {@link CuratorFramework} (see {@code ZooKeeperConnection}); {@link #close()} stops the
 * caches, not the client. Reads come from the caches; after a write returns, this instance's caches already show it.
 *
 * <h2>Error handling</h2>
 * <ul>
 * <li>SUSPENDED (connection lost, session may still be alive): the caches keep their last content and readers keep
 * being served from it; writes retry per Curator's retry policy and then fail with the retriable
 * {@link MetadataUnavailableException}. No write is half-applied: every multi-node change is one transaction.</li>
 * <li>LOST (session expired): ZooKeeper has deleted this session's ephemeral nodes, so the broker or coordinator is
 * no longer registered, its {@code __consumer_offsets} partitions are no longer claimed, and other processes see it
 * leave.</li>
 * <li>RECONNECTED (same or new session): the caches re-read their trees and report the differences to listeners; the
 * broker and coordinator registrations are written again. If another live process took the id meanwhile, it keeps it
 * and this process logs an error. Partition claims are <em>not</em> renewed here: that is the owner's policy
 * (coordinator-service), which calls {@link #claimOffsetsPartition} again.</li>
 * <li>A write larger than ZooKeeper accepts in one request ({@code jute.maxbuffer}) is refused before it is sent, with
 * {@code WRITE_TOO_LARGE} naming its size (see {@code ZkWriter}): ZooKeeper would drop the connection instead, and
 * Curator would retry it on every new one.</li>
 * <li>Racing writes are compare-and-set on the znode version and are retried with the rules applied again, so a
 * refusal ("Topic already has 5 partitions.") reflects what is stored, not what was read first.</li>
 * </ul>
 */
public final class ClusterMetadata implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CACHE_CATCH_UP = Duration.ofSeconds(10);

    private enum State { LATENT, STARTED, CLOSED }

    private final CuratorFramework client;
    private final TopicDefaults defaults;
    private final MetadataJson json = new MetadataJson();
    private final ZkWriter writer;
    private final ListenerFanOut listeners = new ListenerFanOut();
    private final BrokerCache brokers;
    private final CoordinatorCache coordinators;
    private final OffsetsPartitionClaims offsetsClaims;
    private final TopicCache topics;
    private final DeletionMarkers deletionMarkers;
    private final TopicAdministrator administrator;
    private final NodeRegistrar<BrokerRegistration> registrar;
    private final NodeRegistrar<CoordinatorRegistration> coordinatorRegistrar;
    private final ProducerIdAllocator producerIds;
    private final ClusterIdStore clusterId;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private volatile ControllerElection election;

    public ClusterMetadata(CuratorFramework client) {
        this(client, TopicDefaults.KAFKA);
    }

    public ClusterMetadata(CuratorFramework client, TopicDefaults defaults) {
        this.client = client;
        this.defaults = defaults;
        this.writer = new ZkWriter(client);
        this.brokers = new BrokerCache(client, json, listeners);
        this.coordinators = new CoordinatorCache(client, json, listeners);
        this.offsetsClaims = new OffsetsPartitionClaims(client, writer, json);
        this.topics = new TopicCache(client, json, listeners);
        this.deletionMarkers = new DeletionMarkers(client);
        this.administrator = new TopicAdministrator(client, writer, json, topics,
                () -> brokers.liveBrokers().stream().map(BrokerRegistration::id).toList(),
                () -> brokers.liveBrokers().stream().filter(b -> b.rack() != null)
                        .collect(Collectors.toMap(BrokerRegistration::id, BrokerRegistration::rack)),
                new ReplicaAssigner(new Random()));
        this.registrar = new NodeRegistrar<>(client, writer, new NodeRegistrar.Kind<>("broker", "broker.id",
                MetadataException.Reason.BROKER_ID_IN_USE, ZkPaths::broker, json::broker));
        this.coordinatorRegistrar = new NodeRegistrar<>(client, writer, new NodeRegistrar.Kind<>("coordinator",
                "coordinator id", MetadataException.Reason.COORDINATOR_ID_IN_USE, ZkPaths::coordinator,
                json::coordinator));
        this.producerIds = new ProducerIdAllocator(client, writer, json);
        this.clusterId = new ClusterIdStore(client, writer, json);
    }

    /** Creates the persistent parents of the layout and starts the caches; returns once they hold the current state. */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("ClusterMetadata already started or closed");
        }
        for (String path : List.of(ZkPaths.BROKER_IDS, ZkPaths.COORDINATOR_IDS, ZkPaths.OFFSETS_PARTITION_OWNERS,
                ZkPaths.TOPICS, ZkPaths.DELETE_TOPICS)) {
            String action = "creating " + path;
            ZkCalls.run(action, () -> {
                try {
                    writer.createWithParents(action, path, new byte[0], CreateMode.PERSISTENT);
                } catch (KeeperException.NodeExistsException exists) {
                    // created by an earlier process
                }
            });
        }
        brokers.start(START_TIMEOUT);
        coordinators.start(START_TIMEOUT);
        topics.start(START_TIMEOUT);
        deletionMarkers.start(START_TIMEOUT);
    }

    public String clusterId() {
        return clusterId.clusterId();
    }

    /**
     * Registers this process's broker (ephemeral, re-registered after a session loss).
     *
     * @throws MetadataException {@code BROKER_ID_IN_USE} if another live session holds the id
     */
    public void registerBroker(BrokerRegistration broker) {
        checkStarted();
        registrar.register(broker);
        brokers.awaitRegistered(broker, CACHE_CATCH_UP);
    }

    /** Sorted by id. */
    public List<BrokerRegistration> liveBrokers() {
        return brokers.liveBrokers();
    }

    /**
     * Registers this process's coordinator (ephemeral {@code /coordinators/ids/{id}}, re-registered after a session
     * loss), with the same rules as {@link #registerBroker}.
     *
     * @throws MetadataException {@code COORDINATOR_ID_IN_USE} if another live session holds the id
     */
    public void registerCoordinator(CoordinatorRegistration coordinator) {
        checkStarted();
        coordinatorRegistrar.register(coordinator);
        coordinators.awaitRegistered(coordinator, CACHE_CATCH_UP);
    }

    /** Sorted by id. */
    public List<CoordinatorRegistration> liveCoordinators() {
        return coordinators.liveCoordinators();
    }

    /** Partition of {@code __consumer_offsets} → id of the coordinator that owns it, sorted; unowned ones absent. */
    public Map<Integer, Integer> offsetsPartitionOwners() {
        return coordinators.offsetsPartitionOwners();
    }

    /**
     * The live coordinator that owns the group's partition of {@code __consumer_offsets} (Kafka's rule: the
     * non-negative hash of the group id modulo the partition count); empty if the partition has no owner right now
     * (moving between coordinators, or none is alive).
     */
    public Optional<CoordinatorRegistration> coordinatorFor(String groupId, int offsetsPartitionCount) {
        Integer owner = coordinators.offsetsPartitionOwners().get(offsetsPartitionFor(groupId, offsetsPartitionCount));
        if (owner == null) {
            return Optional.empty();
        }
        return coordinators.liveCoordinators().stream().filter(c -> c.id() == owner).findFirst();
    }

    /** Kafka's {@code GroupCoordinatorService.partitionFor}: the non-negative hash of the group id modulo the count. */
    public static int offsetsPartitionFor(String groupId, int offsetsPartitionCount) {
        if (offsetsPartitionCount <= 0) {
            throw new IllegalArgumentException("offsets partition count must be > 0, got " + offsetsPartitionCount);
        }
        int hash = groupId.hashCode();
        return (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % offsetsPartitionCount;
    }

    /**
     * Makes coordinator {@code coordinatorId} the one owner of partition {@code partition} of {@code __consumer_offsets}
     * by creating the ephemeral {@code /coordinators/owners/{p}} if it is absent. Idempotent for the session that
     * holds the node. A node held by another session (including an earlier, not yet expired session of this process)
     * is not taken over: this returns false, and {@link MetadataListener#onOffsetsOwnersChanged} tells when it goes.
     * When this returns an epoch, {@link #offsetsPartitionOwners()} already shows the claim (so do not call this from
     * a {@link MetadataListener} callback: it waits for the cache thread).
     *
     * @return the epoch of this session's claim ({@link OffsetsPartitionOwner#epoch()}), which the coordinator stamps
     *         on its writes to the partition; empty if another session holds the partition
     * @throws MetadataUnavailableException if ZooKeeper cannot be reached (the claim may or may not exist)
     */
    public OptionalLong claimOffsetsPartition(int partition, int coordinatorId) {
        checkStarted();
        OptionalLong epoch = offsetsClaims.claim(partition, coordinatorId);
        if (epoch.isPresent()) {
            coordinators.awaitOwner(partition, coordinatorId, CACHE_CATCH_UP);
        }
        return epoch;
    }

    /** The owner of a partition of {@code __consumer_offsets} and its claim's epoch, from the cache. */
    public Optional<OffsetsPartitionOwner> offsetsPartitionOwner(int partition) {
        return coordinators.offsetsPartitionOwner(partition);
    }

    /**
     * The owner of a partition of {@code __consumer_offsets} as ZooKeeper holds it now, for when the cache may lag.
     *
     * @throws MetadataUnavailableException if ZooKeeper cannot be reached
     */
    public Optional<OffsetsPartitionOwner> readOffsetsPartitionOwner(int partition) {
        checkStarted();
        return offsetsClaims.read(partition);
    }

    /**
     * Deletes {@code /coordinators/owners/{p}} if this session holds it for {@code coordinatorId}; does nothing
     * otherwise (already gone, or someone else's).
     *
     * @throws MetadataUnavailableException if ZooKeeper cannot be reached (the node then dies with the session)
     */
    public void releaseOffsetsPartition(int partition, int coordinatorId) {
        checkStarted();
        if (offsetsClaims.release(partition, coordinatorId)) {
            coordinators.awaitNotOwner(partition, coordinatorId, CACHE_CATCH_UP);
        }
    }

    /** Sorted by name. */
    public Map<String, TopicMetadata> topics() {
        return topics.topics();
    }

    public Optional<TopicMetadata> topic(String name) {
        return topics.topic(name);
    }

    /** Topics marked for deletion that the controller has not deleted yet. */
    public Set<String> topicsMarkedForDeletion() {
        return deletionMarkers.topics();
    }

    /** Listeners are called from the cache threads, for changes after {@link #start()} returned. */
    public void addListener(MetadataListener listener) {
        listeners.add(listener);
    }

    public void removeListener(MetadataListener listener) {
        listeners.remove(listener);
    }

    public TopicMetadata createTopic(NewTopic request, boolean validateOnly) {
        return createTopic(request, validateOnly, defaults);
    }

    /** Writes the topic node and every partition state (leader = first replica, ISR = all replicas) in one transaction. */
    public TopicMetadata createTopic(NewTopic request, boolean validateOnly, TopicDefaults defaults) {
        checkStarted();
        return administrator.create(request, validateOnly, defaults);
    }

    /**
     * Marks the topic for deletion and waits until the controller has deleted it; if this process is the controller,
     * it deletes the topic itself.
     *
     * @throws MetadataException {@code UNKNOWN_TOPIC}; {@code TIMED_OUT} if the controller did not delete it in time
     *                           (the marker stays, the deletion still happens later)
     */
    public void deleteTopic(String name, Duration timeout) {
        checkStarted();
        String topicId = administrator.markForDeletion(name);
        ControllerElection ownElection = election;
        if (ownElection != null && ownElection.isController()) {
            new TopicDeleter(client, writer, json, ownElection).delete(name);
        }
        administrator.awaitDeletion(name, topicId, timeout);
    }

    /**
     * @param assignment replicas of each added partition, or null to assign them like a new topic
     * @throws MetadataException {@code INVALID_PARTITIONS} unless {@code newTotal} exceeds the current count
     */
    public TopicMetadata createPartitions(String name, int newTotal, List<List<Integer>> assignment,
                                          boolean validateOnly) {
        checkStarted();
        return administrator.createPartitions(name, newTotal, assignment, validateOnly);
    }

    /** @param changes key → value, or an empty Optional to remove the override (back to the default) */
    public TopicMetadata alterTopicConfigs(String name, Map<String, Optional<String>> changes, boolean validateOnly) {
        checkStarted();
        return administrator.alterConfigs(name, changes, validateOnly);
    }

    public boolean compareAndSetPartitionState(String topic, int partition, PartitionState expected,
                                               PartitionState next) {
        return administrator.compareAndSetPartitionState(topic, partition, expected, next);
    }

    public ProducerIdBlock allocateProducerIdBlock(int brokerId) {
        return producerIds.allocate(brokerId);
    }

    /**
     * A new, not yet started, election for this broker. The caller starts and closes it; {@link #deleteTopic} uses
     * the latest one created here to know whether this process is the controller.
     */
    public ControllerElection controllerElection(int brokerId) {
        ControllerElection created = new ControllerElection(client, writer, json, brokerId);
        election = created;
        return created;
    }

    private void checkStarted() {
        if (state.get() != State.STARTED) {
            throw new IllegalStateException("ClusterMetadata is " + state.get() + ", not STARTED");
        }
    }

    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        registrar.close();
        coordinatorRegistrar.close();
        deletionMarkers.close();
        topics.close();
        coordinators.close();
        brokers.close();
    }
}
