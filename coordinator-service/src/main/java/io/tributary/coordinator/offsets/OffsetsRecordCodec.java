package io.tributary.coordinator.offsets;

import io.tributary.coordinator.log.CoordinatorRecord;
import io.tributary.coordinator.log.CoordinatorRecord.GroupMetadata;
import io.tributary.coordinator.log.CoordinatorRecord.GroupTombstone;
import io.tributary.coordinator.log.CoordinatorRecord.Member;
import io.tributary.coordinator.log.CoordinatorRecord.OffsetCommit;
import io.tributary.coordinator.log.CoordinatorRecord.OffsetTombstone;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keys and values of {@code __consumer_offsets} in Kafka's layout (the non-flexible versions of
 * {@code OffsetCommitKey/Value} and {@code GroupMetadataKey/Value}), so that Kafka's tools could read our topic and
 * we could read theirs. All integers are big-endian.
 *
 * <pre>
 * key   = int16 type, then
 *         type 0 or 1  OffsetCommitKey   {group: string, topic: string, partition: int32}
 *         type 2       GroupMetadataKey  {group: string}
 * value = null (tombstone: the key is deleted) or int16 version, then
 *         OffsetCommitValue   v0 {offset int64, metadata string, commitTimestamp int64}
 *                             v1 {offset int64, metadata string, commitTimestamp int64, expireTimestamp int64}
 *                             v2 {offset int64, metadata string, commitTimestamp int64}
 *                             v3 {offset int64, leaderEpoch int32, metadata string, commitTimestamp int64}  (written)
 *         GroupMetadataValue  {protocolType string, generation int32, protocol nullable string,
 *                              leader nullable string, currentStateTimestamp int64 (v2+),
 *                              members: int32 count, then per member
 *                                {memberId string, groupInstanceId nullable string (v3+), clientId string,
 *                                 clientHost string, rebalanceTimeout int32 (v1+), sessionTimeout int32,
 *                                 subscription bytes, assignment bytes}}                      v0..v3, v3 written
 * string = int16 length + UTF-8 (nullable: length -1 = null); bytes = int32 length + bytes
 * </pre>
 *
 * <p>Kafka's schema has no null for {@code protocolType}, the offset {@code metadata}, {@code subscription} and
 * {@code assignment}; as Kafka does, a null there is written as empty. Values read from older versions get Kafka's
 * defaults: leaderEpoch -1, currentStateTimestamp -1, rebalanceTimeout = sessionTimeout, groupInstanceId null.
 * Stateless and thread-safe.
 */
public final class OffsetsRecordCodec {

    public static final short OFFSET_COMMIT_KEY_V0 = 0;
    public static final short OFFSET_COMMIT_KEY = 1;
    public static final short GROUP_METADATA_KEY = 2;
    public static final short OFFSET_COMMIT_VALUE_VERSION = 3;
    public static final short GROUP_METADATA_VALUE_VERSION = 3;

    private static final int NO_LEADER_EPOCH = -1;
    private static final long NO_TIMESTAMP = -1L;

    public byte[] key(CoordinatorRecord record) {
        Writer w = new Writer();
        if (record instanceof OffsetCommit c) {
            offsetKey(w, c.group(), c.topic(), c.partition());
        } else if (record instanceof OffsetTombstone t) {
            offsetKey(w, t.group(), t.topic(), t.partition());
        } else {
            groupKey(w, record.group()); // GroupMetadata, GroupTombstone
        }
        return w.bytes();
    }

    /** @return the value, or null for a tombstone */
    public byte[] value(CoordinatorRecord record) {
        if (record instanceof OffsetCommit c) {
            return offsetValue(c);
        }
        if (record instanceof GroupMetadata g) {
            return groupValue(g);
        }
        return null; // OffsetTombstone, GroupTombstone
    }

    /**
     * @param value null for a tombstone
     * @throws CorruptCoordinatorRecordException if either part cannot be read
     */
    public CoordinatorRecord decode(byte[] key, byte[] value) {
        if (key == null) {
            throw new CorruptCoordinatorRecordException("__consumer_offsets record without a key");
        }
        Reader k = new Reader(key, "key");
        short type = k.int16("record type");
        return switch (type) {
            case OFFSET_COMMIT_KEY_V0, OFFSET_COMMIT_KEY -> {
                String group = k.string("group");
                String topic = k.string("topic");
                int partition = k.int32("partition");
                k.end();
                yield value == null
                        ? new OffsetTombstone(group, topic, partition)
                        : offsetValue(new Reader(value, "OffsetCommitValue"), group, topic, partition);
            }
            case GROUP_METADATA_KEY -> {
                String group = k.string("group");
                k.end();
                yield value == null ? new GroupTombstone(group) : groupValue(new Reader(value, "GroupMetadataValue"), group);
            }
            default -> throw new CorruptCoordinatorRecordException(
                    "__consumer_offsets key has unknown record type " + type + " (known: 0, 1 offset commit, 2 group)");
        };
    }

    private static void offsetKey(Writer w, String group, String topic, int partition) {
        w.int16(OFFSET_COMMIT_KEY);
        w.string(group, "group");
        w.string(topic, "topic");
        w.int32(partition);
    }

    private static void groupKey(Writer w, String group) {
        w.int16(GROUP_METADATA_KEY);
        w.string(group, "group");
    }

    private static byte[] offsetValue(OffsetCommit c) {
        Writer w = new Writer();
        w.int16(OFFSET_COMMIT_VALUE_VERSION);
        w.int64(c.offset());
        w.int32(c.leaderEpoch());
        w.string(c.metadata() == null ? "" : c.metadata(), "metadata");
        w.int64(c.commitTimestamp());
        return w.bytes();
    }

    private static OffsetCommit offsetValue(Reader r, String group, String topic, int partition) {
        short version = r.int16("version");
        if (version < 0 || version > 3) {
            throw r.corrupt("unsupported version " + version + " (readable: 0-3)");
        }
        long offset = r.int64("offset");
        int leaderEpoch = version >= 3 ? r.int32("leaderEpoch") : NO_LEADER_EPOCH;
        String metadata = r.string("metadata");
        long commitTimestamp = r.int64("commitTimestamp");
        if (version == 1) {
            r.int64("expireTimestamp");
        }
        r.end();
        return new OffsetCommit(group, topic, partition, offset, leaderEpoch, metadata, commitTimestamp);
    }

    private static byte[] groupValue(GroupMetadata g) {
        Writer w = new Writer();
        w.int16(GROUP_METADATA_VALUE_VERSION);
        w.string(g.protocolType() == null ? "" : g.protocolType(), "protocolType");
        w.int32(g.generation());
        w.nullableString(g.protocolName());
        w.nullableString(g.leader());
        w.int64(g.currentStateTimestamp());
        List<Member> members = g.members() == null ? List.of() : g.members();
        w.int32(members.size());
        for (Member m : members) {
            w.string(m.memberId(), "memberId");
            w.nullableString(m.groupInstanceId());
            w.string(m.clientId(), "clientId");
            w.string(m.clientHost(), "clientHost");
            w.int32(m.rebalanceTimeoutMs());
            w.int32(m.sessionTimeoutMs());
            w.bytes(m.subscription());
            w.bytes(m.assignment());
        }
        return w.bytes();
    }

    private static GroupMetadata groupValue(Reader r, String group) {
        short version = r.int16("version");
        if (version < 0 || version > 3) {
            throw r.corrupt("unsupported version " + version + " (readable: 0-3)");
        }
        String protocolType = r.string("protocolType");
        int generation = r.int32("generation");
        String protocol = r.nullableString("protocol");
        String leader = r.nullableString("leader");
        long currentStateTimestamp = version >= 2 ? r.int64("currentStateTimestamp") : NO_TIMESTAMP;
        int count = r.int32("members count");
        if (count < 0 || count > r.remaining()) {
            throw r.corrupt("invalid members count " + count);
        }
        List<Member> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String memberId = r.string("memberId");
            String groupInstanceId = version >= 3 ? r.nullableString("groupInstanceId") : null;
            String clientId = r.string("clientId");
            String clientHost = r.string("clientHost");
            int rebalanceTimeout = version >= 1 ? r.int32("rebalanceTimeout") : -1;
            int sessionTimeout = r.int32("sessionTimeout");
            byte[] subscription = r.bytes("subscription");
            byte[] assignment = r.bytes("assignment");
            members.add(new Member(memberId, groupInstanceId, clientId, clientHost,
                    version >= 1 ? rebalanceTimeout : sessionTimeout, sessionTimeout, subscription, assignment));
        }
        r.end();
        return new GroupMetadata(group, protocolType, generation, protocol, leader, currentStateTimestamp,
                List.copyOf(members));
    }

    /** Big-endian output into a growing array. */
    private static final class Writer {

        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);
        private final DataOutputStream out = new DataOutputStream(buffer);

        void int16(short v) {
            io(() -> out.writeShort(v));
        }

        void int32(int v) {
            io(() -> out.writeInt(v));
        }

        void int64(long v) {
            io(() -> out.writeLong(v));
        }

        void string(String s, String field) {
            if (s == null) {
                throw new IllegalArgumentException(field + " must not be null");
            }
            nullableString(s);
        }

        void nullableString(String s) {
            if (s == null) {
                int16((short) -1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("string of " + utf8.length + " UTF-8 bytes exceeds " + Short.MAX_VALUE);
            }
            int16((short) utf8.length);
            io(() -> out.write(utf8));
        }

        void bytes(byte[] b) {
            byte[] value = b == null ? new byte[0] : b;
            int32(value.length);
            io(() -> out.write(value));
        }

        byte[] bytes() {
            return buffer.toByteArray();
        }

        private static void io(IoAction action) {
            try {
                action.run();
            } catch (IOException impossible) {
                throw new UncheckedIOException(impossible);
            }
        }

        @FunctionalInterface
        private interface IoAction {
            void run() throws IOException;
        }
    }

    /** Bounds-checked big-endian input; every failure names the part, the field and the byte position. */
    private static final class Reader {

        private final ByteBuffer buffer;
        private final String part;

        Reader(byte[] bytes, String part) {
            this.buffer = ByteBuffer.wrap(bytes);
            this.part = part;
        }

        int remaining() {
            return buffer.remaining();
        }

        short int16(String field) {
            need(2, field);
            return buffer.getShort();
        }

        int int32(String field) {
            need(4, field);
            return buffer.getInt();
        }

        long int64(String field) {
            need(8, field);
            return buffer.getLong();
        }

        String string(String field) {
            String s = nullableString(field);
            if (s == null) {
                throw corrupt("null " + field + " at byte " + (buffer.position() - 2) + " (not nullable)");
            }
            return s;
        }

        String nullableString(String field) {
            short length = int16(field + " length");
            if (length == -1) {
                return null;
            }
            if (length < 0) {
                throw corrupt("negative length " + length + " of " + field + " at byte " + (buffer.position() - 2));
            }
            need(length, field);
            String s = new String(buffer.array(), buffer.position(), length, StandardCharsets.UTF_8);
            buffer.position(buffer.position() + length);
            return s;
        }

        byte[] bytes(String field) {
            int length = int32(field + " length");
            if (length < 0) {
                throw corrupt("negative length " + length + " of " + field + " at byte " + (buffer.position() - 4));
            }
            need(length, field);
            byte[] b = new byte[length];
            buffer.get(b);
            return b;
        }

        void end() {
            if (buffer.hasRemaining()) {
                throw corrupt(buffer.remaining() + " unexpected trailing bytes at byte " + buffer.position());
            }
        }

        private void need(int bytes, String field) {
            if (buffer.remaining() < bytes) {
                throw corrupt("truncated at byte " + buffer.position() + ": " + field + " needs " + bytes
                        + " bytes, " + buffer.remaining() + " left");
            }
        }

        CorruptCoordinatorRecordException corrupt(String problem) {
            return new CorruptCoordinatorRecordException("Corrupt __consumer_offsets " + part + ": " + problem);
        }
    }
}
