package io.tributary.e2e.fuzz;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Turns a {@link SeedFrame} into a {@link FuzzFrame}: one mutation, drawn at random, or none (a share of frames go
 * out valid, so every run also checks that the seeds are answered).
 * <p>
 * The mutations: bit flips and interesting bytes anywhere; truncation and junk tails with a size prefix that
 * matches; a size prefix smaller or larger than the payload, negative or above the node's frame limit; a random
 * API key or version in an otherwise valid frame; an integer field (array count, string or bytes length, any int)
 * set to a huge or negative value; and {@link BatchSurgery} inside a record batch.
 */
final class FrameMutator {

    /** Kafka's socket.request.max.bytes default: a prefix above it is refused before anything is read. */
    static final int MAX_FRAME_BYTES = 100 * 1024 * 1024;
    /** The header's first 8 bytes: API key, version, correlation id. */
    private static final int HEADER_FIXED_BYTES = 8;
    private static final short[] HUGE_SHORTS = {Short.MAX_VALUE, Short.MIN_VALUE, -1, -2, 0x7ffe};
    private static final int[] HUGE_INTS = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -2, 1 << 24, 0x7ffffff0,
            65_536};
    private static final long[] HUGE_LONGS = {Long.MAX_VALUE, Long.MIN_VALUE, -1L, -2L};
    /** 0 is a null array or string in compact encoding; -1 is read back as a length of -2. */
    private static final int[] HUGE_UVARINTS = {0, -1, Integer.MAX_VALUE, 1 << 21, 1 << 28};
    private static final byte[] INTERESTING_BYTES = {0, -1, 0x7f, (byte) 0x80, 1};

    enum Mutation {
        NONE, BIT_FLIP, BYTE_SET, TRUNCATE, JUNK_TAIL, SIZE_TOO_SMALL, SIZE_TOO_LARGE, SIZE_INVALID, API_KEY,
        API_VERSION, HUGE_FIELD, RECORD_BATCH
    }

    /** Relative weights, in {@link Mutation} order: counts and lengths are where resources hide, so twice as many. */
    private static final int[] WEIGHTS = {4, 10, 6, 8, 8, 6, 6, 4, 6, 8, 20, 14};
    private static final int TOTAL_WEIGHT = Arrays.stream(WEIGHTS).sum();

    private FrameMutator() {
    }

    static FuzzFrame mutate(SeedFrame seed, int correlationId, Random random) {
        byte[] payload = seed.payload().clone();
        Bytes.putInt(payload, 4, correlationId);
        Mutation mutation = draw(random);
        if (mutation == Mutation.RECORD_BATCH && seed.records().isEmpty()) {
            mutation = Mutation.HUGE_FIELD;
        }
        return switch (mutation) {
            case NONE -> frame(seed, payload, correlationId, "none");
            case BIT_FLIP -> {
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int bit = random.nextInt(payload.length * 8);
                    payload[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                yield frame(seed, payload, correlationId, "bit-flip x" + flips);
            }
            case BYTE_SET -> {
                int sets = 1 + random.nextInt(3);
                for (int i = 0; i < sets; i++) {
                    payload[random.nextInt(payload.length)] = INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                }
                yield frame(seed, payload, correlationId, "byte-set x" + sets);
            }
            case TRUNCATE -> frame(seed, Arrays.copyOf(payload, random.nextInt(payload.length)),
                    correlationId, "truncate");
            case JUNK_TAIL -> {
                byte[] junk = new byte[1 + random.nextInt(random.nextInt(8) == 0 ? 4096 : 64)];
                random.nextBytes(junk);
                yield frame(seed, Bytes.splice(payload, payload.length, 0, junk), correlationId,
                        "junk-tail " + junk.length);
            }
            case SIZE_TOO_SMALL -> new FuzzFrame(seed, random.nextInt(payload.length), payload, correlationId,
                    "size-too-small");
            case SIZE_TOO_LARGE -> {
                int extra = random.nextBoolean() ? 1 + random.nextInt(16)
                        : 1 + random.nextInt(MAX_FRAME_BYTES - payload.length);
                yield new FuzzFrame(seed, payload.length + extra, payload, correlationId, "size-too-large +" + extra);
            }
            case SIZE_INVALID -> {
                int[] sizes = {-1, Integer.MIN_VALUE, -1 - random.nextInt(Integer.MAX_VALUE),
                        MAX_FRAME_BYTES + 1 + random.nextInt(Integer.MAX_VALUE - MAX_FRAME_BYTES)};
                yield new FuzzFrame(seed, sizes[random.nextInt(sizes.length)], payload, correlationId,
                        "size-invalid");
            }
            case API_KEY -> {
                short key = (short) (random.nextBoolean() ? random.nextInt(106) - 5 : random.nextInt());
                Bytes.putShort(payload, 0, key);
                yield frame(seed, payload, correlationId, "api-key " + key);
            }
            case API_VERSION -> {
                short version = switch (random.nextInt(4)) {
                    case 0 -> (short) (seed.key().latestVersion(true) + 1);
                    case 1 -> (short) random.nextInt();
                    default -> (short) (random.nextInt(33) - 2);
                };
                Bytes.putShort(payload, 2, version);
                yield frame(seed, payload, correlationId, "api-version " + version);
            }
            case HUGE_FIELD -> hugeField(seed, payload, correlationId, random);
            case RECORD_BATCH -> recordBatch(seed, payload, correlationId, random);
        };
    }

    private static Mutation draw(Random random) {
        int pick = random.nextInt(TOTAL_WEIGHT);
        for (int i = 0; i < WEIGHTS.length; i++) {
            pick -= WEIGHTS[i];
            if (pick < 0) {
                return Mutation.values()[i];
            }
        }
        throw new IllegalStateException("weights do not add up");
    }

    private static FuzzFrame frame(SeedFrame seed, byte[] payload, int correlationId, String mutation) {
        return new FuzzFrame(seed, payload.length, payload, correlationId, mutation);
    }

    private static FuzzFrame hugeField(SeedFrame seed, byte[] payload, int correlationId, Random random) {
        List<FrameField> fields = seed.fields().stream()
                .filter(field -> field.position() >= HEADER_FIXED_BYTES).toList();
        if (fields.isEmpty()) {
            return frame(seed, payload, correlationId, "none (no field)");
        }
        FrameField field = fields.get(random.nextInt(fields.size()));
        String what = "huge-" + field.width().name().toLowerCase() + "@" + field.position();
        return switch (field.width()) {
            case INT16 -> {
                Bytes.putShort(payload, field.position(), HUGE_SHORTS[random.nextInt(HUGE_SHORTS.length)]);
                yield frame(seed, payload, correlationId, what);
            }
            case INT32 -> {
                Bytes.putInt(payload, field.position(), HUGE_INTS[random.nextInt(HUGE_INTS.length)]);
                yield frame(seed, payload, correlationId, what);
            }
            case INT64 -> {
                Bytes.putLong(payload, field.position(), HUGE_LONGS[random.nextInt(HUGE_LONGS.length)]);
                yield frame(seed, payload, correlationId, what);
            }
            case UVARINT -> frame(seed, Bytes.splice(payload, field.position(), field.length(),
                    Bytes.unsignedVarint(HUGE_UVARINTS[random.nextInt(HUGE_UVARINTS.length)])), correlationId, what);
            case RECORDS -> throw new IllegalStateException("records are not integer fields");
        };
    }

    /** Mutates one record batch and rewrites the records field's length prefix to the batch's new length. */
    private static FuzzFrame recordBatch(SeedFrame seed, byte[] payload, int correlationId, Random random) {
        FrameField region = seed.records().get(random.nextInt(seed.records().size()));
        byte[] batch = Arrays.copyOfRange(payload, region.position(), region.position() + region.length());
        BatchSurgery.Result result = BatchSurgery.mutate(batch, random);
        byte[] mutated = Bytes.splice(payload, region.position(), region.length(), result.batch());
        FrameField prefix = seed.fields().stream()
                .filter(field -> field.position() + field.length() == region.position())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no length prefix before the records of " + seed));
        byte[] newPrefix = prefix.width() == FrameField.Width.INT32
                ? ByteBuffer.allocate(4).putInt(result.batch().length).array()
                : Bytes.unsignedVarint(result.batch().length + 1);
        return frame(seed, Bytes.splice(mutated, prefix.position(), prefix.length(), newPrefix), correlationId,
                result.what());
    }
}
