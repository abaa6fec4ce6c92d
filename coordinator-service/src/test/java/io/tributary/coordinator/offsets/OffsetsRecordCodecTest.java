package io.tributary.coordinator.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.coordinator.log.CoordinatorRecord;
import io.tributary.coordinator.log.CoordinatorRecord.GroupMetadata;
import io.tributary.coordinator.log.CoordinatorRecord.GroupTombstone;
import io.tributary.coordinator.log.CoordinatorRecord.Member;
import io.tributary.coordinator.log.CoordinatorRecord.OffsetCommit;
import io.tributary.coordinator.log.CoordinatorRecord.OffsetTombstone;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetsRecordCodecTest {

    private final OffsetsRecordCodec codec = new OffsetsRecordCodec();

    private CoordinatorRecord roundTrip(CoordinatorRecord record) {
        return codec.decode(codec.key(record), codec.value(record));
    }

    @Test
    void anOffsetCommitIsWrittenInKafkasLayout() {
        OffsetCommit commit = new OffsetCommit("g", "t", 3, 42L, 7, "m", 1000L);

        assertThat(HexFormat.of().formatHex(codec.key(commit)))
                .isEqualTo("0001" + "0001" + "67" + "0001" + "74" + "00000003");
        assertThat(HexFormat.of().formatHex(codec.value(commit)))
                .isEqualTo("0003" + "000000000000002a" + "00000007" + "0001" + "6d" + "00000000000003e8");
        assertThat(roundTrip(commit)).isEqualTo(commit);
    }

    @Test
    void groupMetadataRoundTripsWithNullsAndBytes() {
        Member dynamic = new Member("m-1", null, "client-1", "/10.0.0.1", 300000, 45000, new byte[] {1, 2, 3},
                new byte[] {});
        Member staticMember = new Member("m-2", "instance-2", "client-2", "/10.0.0.2", 60000, 10000, new byte[] {},
                new byte[] {9, 8});
        GroupMetadata group = new GroupMetadata("group-é", "consumer", 5, "range", "m-1", 123456789L,
                List.of(dynamic, staticMember));

        CoordinatorRecord decoded = roundTrip(group);

        assertThat(decoded).usingRecursiveComparison().isEqualTo(group);
        assertThat(codec.key(group)).startsWith(0, 2);
        assertThat(codec.value(group)).startsWith(0, 3);
    }

    @Test
    void anEmptyGroupHasNullProtocolAndLeader() {
        GroupMetadata empty = new GroupMetadata("g", "consumer", 0, null, null, -1L, List.of());

        assertThat(roundTrip(empty)).usingRecursiveComparison().isEqualTo(empty);
    }

    @Test
    void nullsKafkasSchemaDoesNotAllowAreWrittenAsEmpty() {
        OffsetCommit noMetadata = new OffsetCommit("g", "t", 0, 1L, -1, null, 5L);
        GroupMetadata noType = new GroupMetadata("g", null, 1, null, null, 0L,
                List.of(new Member("m", null, "c", "h", 1, 1, null, null)));

        assertThat(roundTrip(noMetadata)).isEqualTo(new OffsetCommit("g", "t", 0, 1L, -1, "", 5L));
        GroupMetadata decoded = (GroupMetadata) roundTrip(noType);
        assertThat(decoded.protocolType()).isEmpty();
        assertThat(decoded.members().get(0).subscription()).isEmpty();
        assertThat(decoded.members().get(0).assignment()).isEmpty();
    }

    @Test
    void tombstonesHaveANullValueAndTheKeyOfWhatTheyDelete() {
        OffsetTombstone offsetTombstone = new OffsetTombstone("g", "t", 3);
        GroupTombstone groupTombstone = new GroupTombstone("g");

        assertThat(codec.value(offsetTombstone)).isNull();
        assertThat(codec.value(groupTombstone)).isNull();
        assertThat(codec.key(offsetTombstone)).isEqualTo(codec.key(new OffsetCommit("g", "t", 3, 0, 0, "", 0)));
        assertThat(codec.key(groupTombstone))
                .isEqualTo(codec.key(new GroupMetadata("g", "consumer", 1, null, null, 0, List.of())));
        assertThat(roundTrip(offsetTombstone)).isEqualTo(offsetTombstone);
        assertThat(roundTrip(groupTombstone)).isEqualTo(groupTombstone);
    }

    @Test
    void olderValueVersionsAndKeyVersionZeroAreRead() {
        byte[] keyV0 = codec.key(new OffsetTombstone("g", "t", 1));
        keyV0[1] = 0;
        ByteBuffer v1 = ByteBuffer.allocate(2 + 8 + 2 + 1 + 8 + 8);
        v1.putShort((short) 1).putLong(10L).putShort((short) 1).put((byte) 'x').putLong(20L).putLong(30L);

        assertThat(codec.decode(keyV0, v1.array())).isEqualTo(new OffsetCommit("g", "t", 1, 10L, -1, "x", 20L));

        ByteBuffer groupV0 = ByteBuffer.allocate(200);
        groupV0.putShort((short) 0);
        putString(groupV0, "consumer");
        groupV0.putInt(2);
        putString(groupV0, "range");
        putString(groupV0, "m");
        groupV0.putInt(1);
        putString(groupV0, "m");
        putString(groupV0, "c");
        putString(groupV0, "h");
        groupV0.putInt(6000);
        groupV0.putInt(1).put((byte) 1);
        groupV0.putInt(0);
        byte[] value = Arrays.copyOf(groupV0.array(), groupV0.position());

        GroupMetadata group = (GroupMetadata) codec.decode(codec.key(new GroupTombstone("g")), value);
        assertThat(group.currentStateTimestamp()).isEqualTo(-1L);
        assertThat(group.members()).singleElement().satisfies(m -> {
            assertThat(m.rebalanceTimeoutMs()).isEqualTo(6000);
            assertThat(m.sessionTimeoutMs()).isEqualTo(6000);
            assertThat(m.groupInstanceId()).isNull();
        });
    }

    @Test
    void corruptRecordsAreRefusedPrecisely() {
        OffsetCommit commit = new OffsetCommit("g", "t", 3, 42L, 7, "m", 1000L);
        byte[] key = codec.key(commit);
        byte[] value = codec.value(commit);

        assertCorrupt(null, value, "__consumer_offsets record without a key");
        assertCorrupt(new byte[] {0, 9, 0, 0}, value,
                "__consumer_offsets key has unknown record type 9 (known: 0, 1 offset commit, 2 group)");
        assertCorrupt(new byte[] {0}, value, "Corrupt __consumer_offsets key: truncated at byte 0: "
                + "record type needs 2 bytes, 1 left");
        assertCorrupt(Arrays.copyOf(key, key.length - 1), value,
                "Corrupt __consumer_offsets key: truncated at byte 8: partition needs 4 bytes, 3 left");
        assertCorrupt(Arrays.copyOf(key, key.length + 1), value,
                "Corrupt __consumer_offsets key: 1 unexpected trailing bytes at byte 12");
        assertCorrupt(key, Arrays.copyOf(value, 5),
                "Corrupt __consumer_offsets OffsetCommitValue: truncated at byte 2: offset needs 8 bytes, 3 left");
        byte[] badVersion = value.clone();
        badVersion[1] = 7;
        assertCorrupt(key, badVersion, "Corrupt __consumer_offsets OffsetCommitValue: unsupported version 7 "
                + "(readable: 0-3)");
        byte[] nullTopicKey = {0, 1, 0, 1, 'g', (byte) 0xff, (byte) 0xff, 0, 0, 0, 0};
        assertCorrupt(nullTopicKey, value, "Corrupt __consumer_offsets key: null topic at byte 5 (not nullable)");
        byte[] negativeLength = {0, 2, (byte) 0xff, (byte) 0xfe};
        assertCorrupt(negativeLength, null, "Corrupt __consumer_offsets key: negative length -2 of group at byte 2");

        byte[] groupValue = codec.value(new GroupMetadata("g", "consumer", 1, null, null, 0, List.of()));
        ByteBuffer.wrap(groupValue).putInt(groupValue.length - 4, 1_000_000);
        assertCorrupt(codec.key(new GroupTombstone("g")), groupValue,
                "Corrupt __consumer_offsets GroupMetadataValue: invalid members count 1000000");
    }

    @Test
    void aNonNullableFieldMustBeGivenWhenWriting() {
        assertThatThrownBy(() -> codec.key(new OffsetCommit(null, "t", 0, 0, 0, "", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("group must not be null");
        String tooLong = "x".repeat(Short.MAX_VALUE + 1);
        assertThatThrownBy(() -> codec.key(new GroupTombstone(tooLong)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds 32767");
    }

    private void assertCorrupt(byte[] key, byte[] value, String message) {
        assertThatThrownBy(() -> codec.decode(key, value))
                .isInstanceOf(CorruptCoordinatorRecordException.class)
                .hasMessage(message);
    }

    private static void putString(ByteBuffer buffer, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        buffer.putShort((short) utf8.length).put(utf8);
    }
}
