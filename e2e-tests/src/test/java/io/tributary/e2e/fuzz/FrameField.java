package io.tributary.e2e.fuzz;

/**
 * Where one field of a serialized request lies: its first byte (counted from the start of the request header, the
 * size prefix excluded), how it is encoded, and how many bytes it takes.
 */
record FrameField(int position, Width width, int length) {

    enum Width {
        INT16, INT32, INT64, UVARINT, RECORDS
    }
}
