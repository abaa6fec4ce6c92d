package io.tributary.metadata.zk;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tributary.metadata.broker.BrokerRegistration;
import io.tributary.metadata.broker.CoordinatorRegistration;
import io.tributary.metadata.broker.Endpoint;
import io.tributary.metadata.producer.ProducerIdBlock;
import io.tributary.metadata.topic.PartitionState;
import io.tributary.metadata.topic.TopicAssignment;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of every znode value. Ids that are node names ({@code /brokers/ids/{id}}) are not repeated in the
 * value. Unknown fields are ignored so that a newer service can add fields without breaking older readers.
 */
public final class MetadataJson {

    /** {@code host} and {@code port}: the inter-broker endpoint, all that a reader older than named listeners reads. */
    private record BrokerNode(String host, int port, String rack, long startedAt, boolean shuttingDown,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Endpoint> endpoints) {
    }

    private record CoordinatorNode(String host, int port,
                                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Endpoint> endpoints) {
    }

    private record OffsetsPartitionOwnerNode(int coordinatorId) {
    }

    private record ClusterIdNode(String id) {
    }

    private record DeleteMarkerNode(String topicId) {
    }

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public byte[] broker(BrokerRegistration b) {
        return write(new BrokerNode(b.host(), b.port(), b.rack(), b.startedAt(), b.shuttingDown(), b.endpoints()));
    }

    public BrokerRegistration broker(int id, byte[] json) {
        BrokerNode node = read(json, BrokerNode.class);
        return new BrokerRegistration(id, node.host(), node.port(), node.rack(), node.startedAt(), node.shuttingDown(),
                node.endpoints());
    }

    public byte[] coordinator(CoordinatorRegistration c) {
        return write(new CoordinatorNode(c.host(), c.port(), c.endpoints()));
    }

    public CoordinatorRegistration coordinator(int id, byte[] json) {
        CoordinatorNode node = read(json, CoordinatorNode.class);
        return new CoordinatorRegistration(id, node.host(), node.port(), node.endpoints());
    }

    public byte[] offsetsPartitionOwner(int coordinatorId) {
        return write(new OffsetsPartitionOwnerNode(coordinatorId));
    }

    /** The id of the coordinator that owns a partition of {@code __consumer_offsets}. */
    public int offsetsPartitionOwner(byte[] json) {
        return read(json, OffsetsPartitionOwnerNode.class).coordinatorId();
    }

    public byte[] topic(TopicAssignment assignment) {
        return write(assignment);
    }

    public TopicAssignment topic(byte[] json) {
        return read(json, TopicAssignment.class);
    }

    public byte[] partitionState(PartitionState state) {
        return write(state);
    }

    public PartitionState partitionState(byte[] json) {
        return read(json, PartitionState.class);
    }

    public byte[] deleteMarker(String topicId) {
        return write(new DeleteMarkerNode(topicId));
    }

    /** The id of the topic a deletion marker was written for. */
    public String deleteMarker(byte[] json) {
        return read(json, DeleteMarkerNode.class).topicId();
    }

    public byte[] producerIdBlock(ProducerIdBlock block) {
        return write(block);
    }

    public ProducerIdBlock producerIdBlock(byte[] json) {
        return read(json, ProducerIdBlock.class);
    }

    public byte[] clusterId(String id) {
        return write(new ClusterIdNode(id));
    }

    public String clusterId(byte[] json) {
        return read(json, ClusterIdNode.class).id();
    }

    public byte[] controllerEpoch(int epoch) {
        return write(epoch);
    }

    public int controllerEpoch(byte[] json) {
        return read(json, Integer.class);
    }

    private byte[] write(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    private <T> T read(byte[] json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JacksonException e) {
            throw new MalformedMetadataException(type.getSimpleName(), e);
        }
    }

    /** A znode holds a value this version cannot read: written by hand or by an incompatible version. */
    public static final class MalformedMetadataException extends IllegalStateException {

        MalformedMetadataException(String type, Throwable cause) {
            super("Cannot read " + type + " from ZooKeeper: " + cause.getMessage(), cause);
        }
    }
}
