package io.tributary.spring.autoconfigure.consumer.json;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.support.converter.BatchMessagingMessageConverter;
import org.springframework.kafka.support.converter.ConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParameterTypeJsonMessageConverterTest {

    interface Shape {
    }

    record Circle(double radius) implements Shape {
    }

    record Order(String id, int quantity) {
    }

    private static final String HERE = ParameterTypeJsonMessageConverterTest.class.getPackageName();

    private final ParameterTypeJsonMessageConverter trustingHere = converter(List.of(HERE));

    @Test
    void aConcreteParameterTypeIsReadWithoutAnyTrustedPackage() {
        assertThat(converter(List.of()).toMessage(record("{\"id\":\"o-1\",\"quantity\":3}", null), null, null,
                Order.class).getPayload()).isEqualTo(new Order("o-1", 3));
    }

    @Test
    void aConcreteParameterTypeIgnoresTheTypeHeader() {
        assertThat(converter(List.of()).toMessage(record("{\"id\":\"o-1\",\"quantity\":3}", "com.evil.Gadget"),
                null, null, Order.class).getPayload()).isEqualTo(new Order("o-1", 3));
    }

    @Test
    void anAbstractParameterTypeTakesTheClassOfATrustedTypeHeader() {
        assertThat(trustingHere.toMessage(record("{\"radius\":2.5}", Circle.class.getName()), null, null,
                Shape.class).getPayload()).isEqualTo(new Circle(2.5));
        assertThat(trustingHere.toMessage(record("{\"radius\":2.5}", Circle.class.getName()), null, null,
                Object.class).getPayload()).isEqualTo(new Circle(2.5));
    }

    @Test
    void anUntrustedTypeHeaderIsRefusedWithThePackageToTrust() {
        assertThatThrownBy(() -> converter(List.of("com.example")).toMessage(
                record("{\"radius\":2.5}", Circle.class.getName()), null, null, Shape.class))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("names " + Circle.class.getName() + ", which is not in a trusted package")
                .hasMessageContaining("tributary.consumer.json.trusted-packages");
    }

    @Test
    void aTrustedTypeHeaderTheParameterTypeDoesNotAcceptIsRefused() {
        assertThatThrownBy(() -> trustingHere.toMessage(record("{\"id\":\"o-1\"}", Order.class.getName()), null,
                null, Shape.class))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("which is not a " + Shape.class.getName());
    }

    @Test
    void aTrustedTypeHeaderNamingNoClassIsRefused() {
        assertThatThrownBy(() -> trustingHere.toMessage(record("{}", HERE + ".Missing"), null, null, Shape.class))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("which is not on the classpath");
    }

    @Test
    void anOverlongTypeHeaderIsRefusedBeforeItIsRead() {
        String name = HERE + "." + "A".repeat(ParameterTypeJsonMessageConverter.MAX_TYPE_HEADER_BYTES);
        assertThatThrownBy(() -> converter(List.of("*")).toMessage(record("{}", name), null, null, Shape.class))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("bytes long (at most 1024)");
    }

    @Test
    void anObjectParameterWithoutATypeHeaderGetsJsonAsMaps() {
        assertThat(converter(List.of()).toMessage(record("{\"a\":1}", null), null, null, Object.class)
                .getPayload()).isEqualTo(Map.of("a", 1));
    }

    @Test
    void mapsAndListsAreReadAsTheyAreWhateverTheHeaderSays() {
        Type mapType = new ParameterizedTypeReference<Map<String, Integer>>() { }.getType();
        assertThat(converter(List.of()).toMessage(record("{\"a\":1}", "java.util.HashMap"), null, null, mapType)
                .getPayload()).isEqualTo(Map.of("a", 1));
    }

    @Test
    void stringAndByteArrayParametersGetTheValueAsItIs() {
        assertThat(converter(List.of()).toMessage(record("plain text", null), null, null, String.class)
                .getPayload()).isEqualTo("plain text");
        assertThat(converter(List.of()).toMessage(record("plain text", null), null, null, byte[].class)
                .getPayload()).isEqualTo("plain text".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void stringAndByteArrayValuesAJsonSerializerWroteAreReadAsJson() {
        assertThat(converter(List.of()).toMessage(record("\"quoted\"", "java.lang.String"), null, null,
                String.class).getPayload()).isEqualTo("quoted");
        assertThat(converter(List.of()).toMessage(record("\"AQI=\"", "[B"), null, null, byte[].class)
                .getPayload()).isEqualTo(new byte[] {1, 2});
    }

    @Test
    void invalidJsonIsAConversionErrorNamingTheRecordAndType() {
        assertThatThrownBy(() -> converter(List.of()).toMessage(record("{not json", null), null, null,
                Order.class))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("orders-0@7")
                .hasMessageContaining(Order.class.getName());
    }

    @Test
    void aBatchParameterListOfRecordsGetsEachValueAsTheElementType() {
        BatchMessagingMessageConverter batch = new BatchMessagingMessageConverter(converter(List.of()));
        Type listOfOrders = new ParameterizedTypeReference<List<Order>>() { }.getType();
        List<ConsumerRecord<?, ?>> records = List.of(record("{\"id\":\"a\",\"quantity\":1}", null),
                record("{\"id\":\"b\",\"quantity\":2}", null));
        assertThat(batch.toMessage(records, null, null, listOfOrders).getPayload())
                .isEqualTo(List.of(new Order("a", 1), new Order("b", 2)));
    }

    @Test
    void trustedPackagesMatchAPackageItsSubPackagesOrEverything() {
        TrustedPackages exact = new TrustedPackages(List.of("com.example"));
        assertThat(exact.trusts("com.example.Order")).isTrue();
        assertThat(exact.trusts("com.example.sub.Order")).isFalse();
        assertThat(exact.trusts("com.examplex.Order")).isFalse();
        TrustedPackages tree = new TrustedPackages(List.of("com.example.*"));
        assertThat(tree.trusts("com.example.Order")).isTrue();
        assertThat(tree.trusts("com.example.sub.Order")).isTrue();
        assertThat(tree.trusts("com.examplex.Order")).isFalse();
        assertThat(new TrustedPackages(List.of()).trusts("com.example.Order")).isFalse();
        assertThat(new TrustedPackages(List.of("*")).trusts("any.Thing")).isTrue();
    }

    private static ParameterTypeJsonMessageConverter converter(List<String> trusted) {
        return new ParameterTypeJsonMessageConverter(JsonMapper.builder().build(), trusted,
                ParameterTypeJsonMessageConverterTest.class.getClassLoader());
    }

    private static ConsumerRecord<String, byte[]> record(String json, String typeHeader) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("orders", 0, 7, "key",
                json.getBytes(StandardCharsets.UTF_8));
        if (typeHeader != null) {
            record.headers().add(ParameterTypeJsonMessageConverter.TYPE_HEADER,
                    typeHeader.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
