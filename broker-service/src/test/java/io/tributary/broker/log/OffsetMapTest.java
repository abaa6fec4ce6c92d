package io.tributary.broker.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class OffsetMapTest {

    private static ByteBuffer key(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsTheLastOffsetOfEachKeyAndNothingForOthers() {
        OffsetMap map = new OffsetMap(1_000, 0.9);
        map.put(key("a"), 1);
        map.put(key("b"), 2);
        map.put(key("a"), 7);

        assertThat(map.get(key("a"))).isEqualTo(7);
        assertThat(map.get(key("b"))).isEqualTo(2);
        assertThat(map.get(key("c"))).isEqualTo(-1);
        assertThat(map.size()).isEqualTo(2);
    }

    @Test
    void readsTheKeyWithoutMovingTheCallersBuffer() {
        OffsetMap map = new OffsetMap(16, 0.9);
        ByteBuffer slice = ByteBuffer.wrap("xxkeyxx".getBytes(StandardCharsets.UTF_8), 2, 3);
        map.put(slice, 5);
        assertThat(slice.position()).isEqualTo(2);
        assertThat(map.get(key("key"))).isEqualTo(5);
    }

    @Test
    void holdsAtMostLoadFactorOfItsSlotsAndRefusesNewKeysBeyond() {
        OffsetMap map = new OffsetMap(100, 0.9);
        assertThat(map.maxEntries()).isEqualTo(90);
        for (int i = 0; i < 90; i++) {
            assertThat(map.put(key("k" + i), i)).isTrue();
        }
        assertThat(map.isFull()).isTrue();

        assertThat(map.put(key("new"), 100)).as("a new key beyond the bound").isFalse();
        assertThat(map.get(key("new"))).isEqualTo(-1);
        assertThat(map.put(key("k3"), 101)).as("a known key still moves on").isTrue();
        assertThat(map.get(key("k3"))).isEqualTo(101);
        for (int i = 0; i < 90; i++) {
            if (i != 3) {
                assertThat(map.get(key("k" + i))).isEqualTo(i);
            }
        }
    }

    @Test
    void aLoadFactorOfOneStillLeavesASlotFreeSoLookupsEnd() {
        OffsetMap map = new OffsetMap(10, 1.0);
        assertThat(map.maxEntries()).isEqualTo(9);
        for (int i = 0; i < 9; i++) {
            map.put(key("k" + i), i);
        }
        assertThat(map.get(key("absent"))).isEqualTo(-1);
        assertThat(map.put(key("absent"), 10)).isFalse();
    }

    @Test
    void itsMemoryIsTwentyFourBytesASlotWhateverTheKeys() {
        assertThat(CleanerConfig.DEFAULT.maxMapSlots()).as("Kafka's 128 MiB").isEqualTo(128 * 1024 * 1024 / 24);
        OffsetMap map = new OffsetMap(4, 0.9);
        String huge = "k".repeat(1_000_000);
        map.put(key(huge), 1);
        map.put(key(huge + "2"), 2);
        assertThat(map.get(key(huge))).isEqualTo(1);
        assertThat(map.get(key(huge + "2"))).isEqualTo(2);
    }

    @Test
    void clearEmptiesItForTheNextPass() {
        OffsetMap map = new OffsetMap(10, 0.9);
        map.put(key("a"), 1);
        map.clear();
        assertThat(map.size()).isZero();
        assertThat(map.get(key("a"))).isEqualTo(-1);
        List<Long> offsets = new ArrayList<>();
        map.forEachOffset(offsets::add);
        assertThat(offsets).isEmpty();
    }

    @Test
    void refusesSizesOutsideItsBounds() {
        assertThatThrownBy(() -> new OffsetMap(1, 0.9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OffsetMap(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CleanerConfig(47, 0.9)).hasMessageContaining("log.cleaner.dedupe.buffer.size");
        assertThatThrownBy(() -> new CleanerConfig(1024, 1.5)).hasMessageContaining("log.cleaner.io.buffer.load.factor");
        assertThat(new CleanerConfig(Long.MAX_VALUE, 0.9).maxMapSlots()).isEqualTo(Integer.MAX_VALUE / OffsetMap.ENTRY_BYTES);
    }
}
