package io.tributary.e2e.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * The valid requests a fuzz run starts from: for every API key a node advertises in ApiVersions, and every version
 * in both the advertised range and kafka-clients' own, the bodies of {@link DataSeeds}, {@link AdminSeeds} and
 * {@link GroupSeeds}, or a default body ({@code ApiMessageType.newRequest()}) for an API none of them knows.
 * Frames are drawn with every API equally likely, whatever its number of versions and variants.
 * <p>
 * Left out: APIs that act on a node itself rather than on what a seed names. UnregisterBroker is one: Apache Kafka
 * serves it on its client port without an authorizer, and in the first benchmark run a mutated default body (broker
 * id 0 made 1) unregistered the anchor's only broker 80 seconds in, leaving it unable to create a topic afterwards.
 */
final class SeedCatalog {

    private static final Set<ApiKeys> LEFT_OUT = EnumSet.of(ApiKeys.UNREGISTER_BROKER);

    private final Map<ApiKeys, List<SeedFrame>> byKey;
    private final List<ApiKeys> keys;

    private SeedCatalog(Map<ApiKeys, List<SeedFrame>> byKey) {
        this.byKey = byKey;
        this.keys = List.copyOf(byKey.keySet());
    }

    static SeedCatalog build(ApiVersionsResponseData advertised, SeedContext ctx) {
        Map<ApiKeys, List<SeedFrame>> byKey = new EnumMap<>(ApiKeys.class);
        for (ApiVersionsResponseData.ApiVersion range : advertised.apiKeys()) {
            if (!ApiKeys.hasId(range.apiKey())) {
                continue;
            }
            ApiKeys key = ApiKeys.forId(range.apiKey());
            if (!key.hasValidVersion() || LEFT_OUT.contains(key)) {
                continue;
            }
            short from = (short) Math.max(range.minVersion(), key.oldestVersion());
            short to = (short) Math.min(range.maxVersion(), key.latestVersion(true));
            List<SeedFrame> seeds = new ArrayList<>();
            for (short version = from; version <= to; version++) {
                seeds.addAll(seeds(key, version, ctx));
            }
            if (!seeds.isEmpty()) {
                byKey.put(key, List.copyOf(seeds));
            }
        }
        if (byKey.isEmpty()) {
            throw new IllegalStateException("the node advertises no API this kafka-clients can write: " + advertised);
        }
        return new SeedCatalog(byKey);
    }

    private static List<SeedFrame> seeds(ApiKeys key, short version, SeedContext ctx) {
        List<ApiMessage> bodies = new ArrayList<>(DataSeeds.bodies(key, version, ctx));
        bodies.addAll(AdminSeeds.bodies(key, version, ctx));
        bodies.addAll(GroupSeeds.bodies(key, version, ctx));
        if (!bodies.isEmpty()) {
            // a seed of our own that cannot be written at a version it claims is a bug in the seed: fail loudly
            return bodies.stream().map(body -> SeedFrame.of(key, version, body)).toList();
        }
        try {
            return List.of(SeedFrame.of(key, version, key.messageType.newRequest()));
        } catch (UnsupportedVersionException | IllegalArgumentException e) {
            // a default body some version cannot carry (a field without a default there): no seed at that version
            return List.of();
        }
    }

    /** Any seed: an API drawn uniformly, then one of its seeds. */
    SeedFrame pick(Random random) {
        List<SeedFrame> seeds = byKey.get(keys.get(random.nextInt(keys.size())));
        return seeds.get(random.nextInt(seeds.size()));
    }

    List<ApiKeys> keys() {
        return keys;
    }

    int size() {
        return byKey.values().stream().mapToInt(List::size).sum();
    }
}
