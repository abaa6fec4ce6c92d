package io.tributary.e2e.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * Writes a message as {@link ByteBufferAccessor} does and notes where each integer and each records field starts.
 * The generated {@code *Data} classes write every array count and every string or bytes length through these
 * calls (int16/int32 before flexible versions, an unsigned varint after), so the notes are the places where a
 * "huge count" or "huge length" mutation lands inside an otherwise valid frame.
 */
final class FieldRecordingWriter extends ByteBufferAccessor {

    private final ByteBuffer buffer;
    private final List<FrameField> fields = new ArrayList<>();
    private final List<FrameField> records = new ArrayList<>();

    FieldRecordingWriter(ByteBuffer buffer) {
        super(buffer);
        this.buffer = buffer;
    }

    List<FrameField> fields() {
        return fields;
    }

    /** The record-batch regions ({@link FrameField.Width#RECORDS}, with their length). */
    List<FrameField> records() {
        return records;
    }

    @Override
    public void writeShort(short value) {
        note(FrameField.Width.INT16, 2);
        super.writeShort(value);
    }

    @Override
    public void writeInt(int value) {
        note(FrameField.Width.INT32, 4);
        super.writeInt(value);
    }

    @Override
    public void writeLong(long value) {
        note(FrameField.Width.INT64, 8);
        super.writeLong(value);
    }

    @Override
    public void writeUnsignedVarint(int value) {
        int start = buffer.position();
        super.writeUnsignedVarint(value);
        fields.add(new FrameField(start, FrameField.Width.UVARINT, buffer.position() - start));
    }

    @Override
    public void writeRecords(BaseRecords value) {
        if (value instanceof MemoryRecords memoryRecords) {
            records.add(new FrameField(buffer.position(), FrameField.Width.RECORDS, memoryRecords.sizeInBytes()));
        }
        super.writeRecords(value);
    }

    private void note(FrameField.Width width, int length) {
        fields.add(new FrameField(buffer.position(), width, length));
    }
}
