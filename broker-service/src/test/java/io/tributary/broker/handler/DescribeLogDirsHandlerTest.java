package io.tributary.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopicCollection;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.broker.log.CleanerConfig;
import io.tributary.broker.log.FaultyStorageIo;
import io.tributary.broker.log.LogConfig;
import io.tributary.broker.log.LogManager;
import io.tributary.broker.log.PartitionLog;
import io.tributary.protocol.RequestContext;

/**
 * DescribeLogDirs over real logs in two directories: each directory with the size of every partition in it, only the
 * partitions asked for, a failed directory as KAFKA_STORAGE_ERROR, and a request naming too many partitions refused
 * before anything is built for it.
 */
class DescribeLogDirsHandlerTest {

    @TempDir
    Path first;
    @TempDir
    Path second;

    private final FaultyStorageIo io = new FaultyStorageIo();
    private LogManager logs;
    private DescribeLogDirsHandler handler;

    @BeforeEach
    void start() {
        logs = new LogManager(List.of(first, second), LogConfig.defaults(), CleanerConfig.DEFAULT, Clock.systemUTC(), io);
        logs.startup();
        handler = new DescribeLogDirsHandler(logs);
    }

    @AfterEach
    void stop() {
        logs.shutdown();
    }

    private PartitionLog logWithRecords(String topic, int partition, int records) {
        PartitionLog log = logs.getOrCreate(topic, partition, LogConfig.defaults());
        for (int i = 0; i < records; i++) {
            log.append(MemoryRecords.withRecords(Compression.NONE,
                    new SimpleRecord(("value-" + i).getBytes(StandardCharsets.UTF_8))), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
        return log;
    }

    private DescribeLogDirsResponseData describe(DescribeLogDirsRequestData request) {
        DescribeLogDirsResponseData response = (DescribeLogDirsResponseData) handler.handle(new RequestContext(
                new RequestHeader(ApiKeys.DESCRIBE_LOG_DIRS, ApiKeys.DESCRIBE_LOG_DIRS.latestVersion(), "test", 1),
                InetSocketAddress.createUnresolved("client", 1), "connection-1"), request).join();
        for (short version = ApiKeys.DESCRIBE_LOG_DIRS.oldestVersion();
                version <= ApiKeys.DESCRIBE_LOG_DIRS.latestVersion(false); version++) {
            MessageUtil.toByteBufferAccessor(response, version);
        }
        return response;
    }

    private static DescribeLogDirsResult dir(DescribeLogDirsResponseData response, Path path) {
        return response.results().stream().filter(r -> r.logDir().equals(path.toAbsolutePath().toString()))
                .findFirst().orElseThrow();
    }

    @Test
    void everyDirectoryListsTheSizeOnDiskOfEachPartitionInIt() {
        List<PartitionLog> created = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            created.add(logWithRecords("orders", p, p + 1));
        }

        DescribeLogDirsResponseData response = describe(new DescribeLogDirsRequestData().setTopics(null));

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(response.results()).extracting(DescribeLogDirsResult::logDir)
                .containsExactly(first.toAbsolutePath().toString(), second.toAbsolutePath().toString());
        List<Object> seen = new ArrayList<>();
        for (DescribeLogDirsResult dir : response.results()) {
            assertThat(Errors.forCode(dir.errorCode())).isEqualTo(Errors.NONE);
            assertThat(dir.totalBytes()).isPositive();
            assertThat(dir.usableBytes()).isBetween(0L, dir.totalBytes());
            dir.topics().forEach(topic -> topic.partitions().forEach(p -> {
                PartitionLog log = created.get(p.partitionIndex());
                assertThat(log.dir().getParent().toAbsolutePath().toString()).isEqualTo(dir.logDir());
                assertThat(p.partitionSize()).isEqualTo(log.size()).isPositive();
                assertThat(p.offsetLag()).isZero();
                assertThat(p.isFutureKey()).isFalse();
                seen.add(topic.name() + "-" + p.partitionIndex());
            }));
        }
        assertThat(seen).containsExactlyInAnyOrder("orders-0", "orders-1", "orders-2", "orders-3");
        assertThat(created.get(3).size()).isGreaterThan(created.get(0).size());
    }

    @Test
    void onlyThePartitionsAskedForAreListedAndUnknownOnesAreLeftOut() {
        logWithRecords("orders", 0, 1);
        logWithRecords("orders", 1, 1);
        logWithRecords("payments", 0, 1);
        DescribableLogDirTopicCollection topics = new DescribableLogDirTopicCollection();
        topics.add(new DescribableLogDirTopic().setTopic("orders").setPartitions(List.of(1, 7)));
        topics.add(new DescribableLogDirTopic().setTopic("missing").setPartitions(List.of(0)));

        DescribeLogDirsResponseData response = describe(new DescribeLogDirsRequestData().setTopics(topics));

        List<Object> seen = new ArrayList<>();
        response.results().forEach(dir -> dir.topics().forEach(topic -> topic.partitions()
                .forEach(p -> seen.add(tuple(topic.name(), p.partitionIndex())))));
        assertThat(seen).containsExactly(tuple("orders", 1));
    }

    @Test
    void aFailedDirectoryAnswersKafkaStorageErrorAndTheOtherStillAnswers() {
        PartitionLog inFirst = logWithRecords("orders", 0, 1);
        PartitionLog inSecond = logWithRecords("orders", 1, 1);
        Path failing = inFirst.dir().getParent();
        Path healthy = inSecond.dir().getParent();
        assertThat(failing).isNotEqualTo(healthy);
        io.fullDisk(failing, 0);
        assertThatThrownBy(() -> logWithRecords("orders", 0, 1)).isInstanceOf(KafkaStorageException.class);

        DescribeLogDirsResponseData response = describe(new DescribeLogDirsRequestData().setTopics(null));

        DescribeLogDirsResult failed = dir(response, failing);
        assertThat(Errors.forCode(failed.errorCode())).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
        assertThat(failed.topics()).isEmpty();
        assertThat(failed.totalBytes()).isEqualTo(-1);
        DescribeLogDirsResult online = dir(response, healthy);
        assertThat(Errors.forCode(online.errorCode())).isEqualTo(Errors.NONE);
        assertThat(online.topics()).singleElement().satisfies(t -> assertThat(t.partitions())
                .extracting(p -> p.partitionIndex()).containsExactly(1));
    }

    @Test
    void aRequestNamingMoreThanTheBoundIsRefusedAsInvalid() {
        DescribableLogDirTopicCollection topics = new DescribableLogDirTopicCollection();
        List<Integer> partitions = new ArrayList<>();
        for (int p = 0; p <= DescribeLogDirsHandler.MAX_PARTITIONS; p++) {
            partitions.add(p);
        }
        topics.add(new DescribableLogDirTopic().setTopic("orders").setPartitions(partitions));

        assertThatThrownBy(() -> handler.handle(null, new DescribeLogDirsRequestData().setTopics(topics)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("at most " + DescribeLogDirsHandler.MAX_PARTITIONS);
    }
}
