package io.tributary.metadata.producer;

import io.tributary.metadata.zk.MetadataJson;
import io.tributary.metadata.zk.ZkCalls;
import io.tributary.metadata.zk.ZkPaths;
import io.tributary.metadata.zk.ZkWriter;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Hands out disjoint blocks of producer ids to brokers. {@code /producer_id_block} holds the last block handed out;
 * the next one starts right after it, written by compare-and-set so that two brokers never get the same block.
 */
public final class ProducerIdAllocator {

    public static final int BLOCK_SIZE = 1000;

    private final CuratorFramework client;
    private final ZkWriter writer;
    private final MetadataJson json;

    public ProducerIdAllocator(CuratorFramework client, ZkWriter writer, MetadataJson json) {
        this.client = client;
        this.writer = writer;
        this.json = json;
    }

    public ProducerIdBlock allocate(int brokerId) {
        String action = "allocating a producer id block for broker " + brokerId;
        return ZkCalls.call(action, () -> {
            while (true) {
                Stat stat = new Stat();
                try {
                    ProducerIdBlock last = json.producerIdBlock(
                            client.getData().storingStatIn(stat).forPath(ZkPaths.PRODUCER_ID_BLOCK));
                    ProducerIdBlock next = new ProducerIdBlock(brokerId, last.lastProducerId() + 1, BLOCK_SIZE);
                    writer.setData(action, ZkPaths.PRODUCER_ID_BLOCK, json.producerIdBlock(next), stat.getVersion());
                    return next;
                } catch (KeeperException.BadVersionException raced) {
                    continue;
                } catch (KeeperException.NoNodeException first) {
                    ProducerIdBlock next = new ProducerIdBlock(brokerId, 0, BLOCK_SIZE);
                    try {
                        writer.create(action, ZkPaths.PRODUCER_ID_BLOCK, json.producerIdBlock(next));
                        return next;
                    } catch (KeeperException.NodeExistsException raced) {
                        continue;
                    }
                }
            }
        });
    }
}
