package io.tributary.spring.autoconfigure.consumer.json;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Bytes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.support.KafkaNull;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.converter.ByteArrayJacksonJsonMessageConverter;
import org.springframework.kafka.support.converter.ConversionException;
import org.springframework.kafka.support.mapping.DefaultJacksonJavaTypeMapper;
import org.springframework.util.ClassUtils;

/**
 * Reads a record's JSON value as the listener method's parameter type, so a record or POJO parameter needs no
 * trusted-package set-up. The type header a JSON serializer writes decides the class only where the parameter type
 * cannot ({@code Object}, an interface or an abstract class), and then only for a class in a trusted package that
 * the parameter type accepts. {@code byte[]} and {@code String} parameters receive the value as it is (UTF-8 text),
 * as they would with Kafka's own deserializers, unless the type header says a JSON serializer wrote that very type.
 *
 * <p>Every failure is a {@link ConversionException}, which spring-kafka's error handler never retries: a value that
 * cannot be read now cannot be read on the next attempt either.
 */
public class ParameterTypeJsonMessageConverter extends ByteArrayJacksonJsonMessageConverter {

    /** The value type header spring-kafka's JSON serializers write. */
    public static final String TYPE_HEADER = DefaultJacksonJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME;

    /** Longest type header read; a class name is far shorter, and a longer header is refused before it is decoded. */
    static final int MAX_TYPE_HEADER_BYTES = 1024;

    private final TrustedPackages trustedPackages;
    private final ClassLoader classLoader;

    public ParameterTypeJsonMessageConverter(JsonMapper jsonMapper, List<String> trustedPackages,
                                             ClassLoader classLoader) {
        super(jsonMapper);
        this.trustedPackages = new TrustedPackages(trustedPackages);
        this.classLoader = classLoader;
    }

    @Override
    protected Object extractAndConvertValue(ConsumerRecord<?, ?> record, Type type) {
        Object value = record.value();
        if (value == null) {
            return KafkaNull.INSTANCE;
        }
        JavaType target = getJsonMapper().getTypeFactory().constructType(type == null ? Object.class : type);
        if (target.hasRawClass(byte[].class) && !writtenAsJson(record, byte[].class)) {
            return bytes(value, record);
        }
        if (target.hasRawClass(String.class) && !writtenAsJson(record, String.class)) {
            return value instanceof String text ? text : new String(bytes(value, record), StandardCharsets.UTF_8);
        }
        if (needsTypeHeader(target)) {
            Header header = record.headers().lastHeader(TYPE_HEADER);
            if (header != null && header.value() != null) {
                target = fromTypeHeader(header.value(), target, record);
            }
        }
        try {
            return getJsonMapper().readValue(bytes(value, record), target);
        }
        catch (JacksonException e) {
            throw new ConversionException("Cannot read the value of " + KafkaUtils.format(record) + " as "
                    + target.toCanonical() + ": " + e.getOriginalMessage(), record, e);
        }
    }

    /**
     * Whether the parameter type leaves the class open. Containers and JSON trees are read by Jackson as they are,
     * whatever class the producer had.
     */
    private static boolean needsTypeHeader(JavaType target) {
        if (target.isContainerType() || target.isTypeOrSubTypeOf(JsonNode.class)) {
            return false;
        }
        return target.isAbstract() || target.hasRawClass(Object.class);
    }

    /**
     * Whether a JSON serializer wrote the value: only then does the type header name the value's own class (a JSON
     * string in quotes, or base64 for bytes), and the value is read as JSON like any other.
     */
    private static boolean writtenAsJson(ConsumerRecord<?, ?> record, Class<?> type) {
        Header header = record.headers().lastHeader(TYPE_HEADER);
        return header != null && Arrays.equals(header.value(), type.getName().getBytes(StandardCharsets.UTF_8));
    }

    private JavaType fromTypeHeader(byte[] header, JavaType parameterType, ConsumerRecord<?, ?> record) {
        String prefix = "The listener's parameter type " + parameterType.toCanonical() + " is abstract, so the "
                + TYPE_HEADER + " header of " + KafkaUtils.format(record);
        if (header.length > MAX_TYPE_HEADER_BYTES) {
            throw new ConversionException(prefix + " decides its class, but the header is " + header.length
                    + " bytes long (at most " + MAX_TYPE_HEADER_BYTES + ")", (Throwable) null);
        }
        String className = new String(header, StandardCharsets.UTF_8);
        if (!trustedPackages.trusts(className)) {
            throw new ConversionException(prefix + " names " + className + ", which is not in a trusted package "
                    + trustedPackages + "; add its package to tributary.consumer.json.trusted-packages",
                    (Throwable) null);
        }
        Class<?> named;
        try {
            named = ClassUtils.forName(className, classLoader);
        }
        catch (ClassNotFoundException | LinkageError e) {
            throw new ConversionException(prefix + " names " + className + ", which is not on the classpath", e);
        }
        if (!parameterType.getRawClass().isAssignableFrom(named)) {
            throw new ConversionException(prefix + " names " + className + ", which is not a "
                    + parameterType.toCanonical(), (Throwable) null);
        }
        return getJsonMapper().getTypeFactory().constructSpecializedType(parameterType, named);
    }

    private static byte[] bytes(Object value, ConsumerRecord<?, ?> record) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof Bytes bytes) {
            return bytes.get();
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new ConversionException("The value of " + KafkaUtils.format(record) + " is a "
                + value.getClass().getName() + "; JSON values are read from byte[], Bytes or String",
                (Throwable) null);
    }
}
