package io.tributary.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.producer.ProducerIdBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ProducerIdBlockTest extends ZooKeeperTestSupport {

    @Test
    void blocksAreDisjointUnderConcurrentAllocationFromTwoProcesses() throws Exception {
        List<ClusterMetadata> processes = List.of(metadata(client()), metadata(client()));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<ProducerIdBlock>>> allocations = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            ClusterMetadata process = processes.get(t % 2);
            int brokerId = t;
            allocations.add(threads.submit(() -> {
                go.await();
                List<ProducerIdBlock> blocks = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    blocks.add(process.allocateProducerIdBlock(brokerId));
                }
                return blocks;
            }));
        }
        go.countDown();

        List<ProducerIdBlock> blocks = new ArrayList<>();
        for (Future<List<ProducerIdBlock>> allocation : allocations) {
            blocks.addAll(allocation.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        }
        threads.shutdown();

        assertThat(blocks).hasSize(100).allSatisfy(block -> assertThat(block.size()).isEqualTo(1000));
        assertThat(blocks.stream().mapToLong(ProducerIdBlock::firstProducerId).sorted().toArray())
                .containsExactly(LongStream.range(0, 100).map(i -> i * 1000).toArray());
    }
}
