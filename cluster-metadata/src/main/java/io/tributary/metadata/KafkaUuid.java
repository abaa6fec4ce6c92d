package io.tributary.metadata;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * Ids in the string form Kafka clients expect for topic ids and cluster ids: the 16 bytes of a random (version 4)
 * UUID, base64url-encoded without padding (22 characters).
 */
public final class KafkaUuid {

    /** What Kafka sends when no id is assigned (e.g. the answer to a validate-only CreateTopics). */
    public static final String ZERO = encode(new UUID(0, 0));

    private KafkaUuid() {
    }

    public static String random() {
        while (true) {
            String id = encode(UUID.randomUUID());
            // Kafka refuses ids starting with '-': they would read as an option on a command line.
            if (!id.startsWith("-") && !id.equals(ZERO)) {
                return id;
            }
        }
    }

    private static String encode(UUID uuid) {
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits());
        bytes.putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
