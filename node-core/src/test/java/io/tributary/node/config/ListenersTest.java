package io.tributary.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.tributary.metadata.broker.Endpoint;

class ListenersTest {

    private static final String DEFAULT = "PLAINTEXT://:9092";

    private static Listeners listeners(String... keyValues) {
        Map<String, Object> settings = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        return Listeners.from(environment, DEFAULT);
    }

    private static void refused(String message, String... keyValues) {
        assertThatThrownBy(() -> listeners(keyValues)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void oneUnnamedDefaultListenerIsPlaintextAdvertisedOnLoopback() {
        Listeners listeners = listeners();

        assertThat(listeners.bound()).containsExactly(new ListenerAddress("PLAINTEXT", "", 9092));
        assertThat(listeners.advertised()).containsExactly(new ListenerAddress("PLAINTEXT", "127.0.0.1", 9092));
        assertThat(listeners.interBrokerName()).isEqualTo("PLAINTEXT");
    }

    @Test
    void namedListenersWithTheirAdvertisedAddressesAndTheInterBrokerOne() {
        Listeners listeners = listeners(
                "listeners", "INTERNAL://0.0.0.0:19092,EXTERNAL://0.0.0.0:9092",
                "advertised.listeners", "INTERNAL://broker-1:19092,EXTERNAL://localhost:9092",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL");

        assertThat(listeners.bound()).containsExactly(new ListenerAddress("INTERNAL", "0.0.0.0", 19092),
                new ListenerAddress("EXTERNAL", "0.0.0.0", 9092));
        Listeners.Advertised advertised = listeners.advertised(name -> 0);
        assertThat(advertised.all()).containsExactly(new Endpoint("INTERNAL", "broker-1", 19092),
                new Endpoint("EXTERNAL", "localhost", 9092));
        assertThat(advertised.interBroker()).isEqualTo(new Endpoint("INTERNAL", "broker-1", 19092));
    }

    @Test
    void theEnvironmentFormsAreRead() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env", Map.of(
                "LISTENERS", "INTERNAL://:19092,EXTERNAL://:9092",
                "ADVERTISED_LISTENERS", "INTERNAL://broker-1:19092,EXTERNAL://localhost:9092",
                "LISTENER_SECURITY_PROTOCOL_MAP", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT",
                "INTER_BROKER_LISTENER_NAME", "EXTERNAL")));

        Listeners listeners = Listeners.from(environment, DEFAULT);

        assertThat(listeners.bound()).extracting(ListenerAddress::name).containsExactly("INTERNAL", "EXTERNAL");
        assertThat(listeners.advertised()).extracting(ListenerAddress::host).containsExactly("broker-1", "localhost");
        assertThat(listeners.interBrokerName()).isEqualTo("EXTERNAL");
    }

    @Test
    void namesAreCaseInsensitiveAsInKafka() {
        Listeners listeners = listeners(
                "listeners", "internal://127.0.0.1:19092",
                "listener.security.protocol.map", "Internal:plaintext",
                "inter.broker.listener.name", "INTERNAL");

        assertThat(listeners.interBrokerName()).isEqualTo("INTERNAL");
    }

    @Test
    void withoutAPlaintextListenerTheFirstAdvertisedOneIsTheInterBrokerListener() {
        Listeners listeners = listeners(
                "listeners", "EXTERNAL://127.0.0.1:9092,INTERNAL://127.0.0.1:19092",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT");

        assertThat(listeners.interBrokerName()).isEqualTo("EXTERNAL");
        assertThat(listeners(
                "listeners", "EXTERNAL://127.0.0.1:9092,PLAINTEXT://127.0.0.1:19092",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT").interBrokerName())
                .isEqualTo("PLAINTEXT");
    }

    @Test
    void anAdvertisedPortOfZeroIsThePortItsListenerBound() {
        Listeners listeners = listeners(
                "listeners", "INTERNAL://127.0.0.1:0,EXTERNAL://127.0.0.1:0",
                "advertised.listeners", "INTERNAL://localhost:0,EXTERNAL://127.0.0.1:0",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT");

        Listeners.Advertised advertised = listeners.advertised(name -> name.equals("INTERNAL") ? 4001 : 4002);

        assertThat(advertised.all()).containsExactly(new Endpoint("INTERNAL", "localhost", 4001),
                new Endpoint("EXTERNAL", "127.0.0.1", 4002));
    }

    @Test
    void aListenerMayBeLeftUnadvertised() {
        Listeners listeners = listeners(
                "listeners", "INTERNAL://127.0.0.1:19092,EXTERNAL://127.0.0.1:9092",
                "advertised.listeners", "INTERNAL://broker-1:19092",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT");

        assertThat(listeners.advertised()).containsExactly(new ListenerAddress("INTERNAL", "broker-1", 19092));
    }

    @Test
    void badListenersAreRefusedWithKafkasMessages() {
        refused("Each listener must have a different name, listeners: PLAINTEXT://:9092,PLAINTEXT://:9093",
                "listeners", "PLAINTEXT://:9092,PLAINTEXT://:9093");
        refused("Each listener must have a different port, listeners: INTERNAL://:9092,EXTERNAL://:9092",
                "listeners", "INTERNAL://:9092,EXTERNAL://:9092",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT");
        refused("Error creating broker listeners from 'INTERNAL://:19092': No security protocol defined for listener "
                + "INTERNAL", "listeners", "INTERNAL://:19092");
        refused("Error creating broker listeners from 'localhost:9092': Unable to parse localhost:9092 to a broker "
                + "endpoint", "listeners", "localhost:9092");
        refused("Error creating broker listeners from 'PLAINTEXT://:x': Unable to parse PLAINTEXT://:x to a broker "
                + "endpoint", "listeners", "PLAINTEXT://:x");
        refused("Error creating broker listeners from 'PLAINTEXT://:70000': The port of PLAINTEXT://:70000 is outside "
                + "0-65535", "listeners", "PLAINTEXT://:70000");
        refused("listeners is empty", "listeners", " , ");
    }

    @Test
    void onlyPlaintextIsServed() {
        refused("Listener SSL uses security protocol SSL, but Tributary serves only PLAINTEXT listeners",
                "listeners", "PLAINTEXT://:9092,SSL://:9093");
        refused("Listener EXTERNAL uses security protocol SASL_SSL, but Tributary serves only PLAINTEXT listeners",
                "listeners", "EXTERNAL://:9093",
                "listener.security.protocol.map", "EXTERNAL:SASL_SSL");
    }

    @Test
    void aBadSecurityProtocolMapIsRefused() {
        refused("listener.security.protocol.map entry 'INTERNAL' is not of the form LISTENER_NAME:SECURITY_PROTOCOL",
                "listener.security.protocol.map", "INTERNAL");
        refused("listener.security.protocol.map entry 'INTERNAL:TLS' names an unknown security protocol TLS (known: "
                + "PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL)", "listener.security.protocol.map", "INTERNAL:TLS");
    }

    @Test
    void badAdvertisedListenersAreRefusedWithKafkasMessages() {
        refused("advertised.listeners listener names must be equal to or a subset of the ones defined in listeners. "
                        + "Found INTERNAL,EXTERNAL. The valid options based on the current configuration are INTERNAL",
                "listeners", "INTERNAL://:19092",
                "advertised.listeners", "INTERNAL://broker-1:19092,EXTERNAL://localhost:9092",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT");
        refused("advertised.listeners cannot use the nonroutable meta-address 0.0.0.0. Use a routable IP address.",
                "advertised.listeners", "PLAINTEXT://0.0.0.0:9092");
        refused("Each listener must have a different name, listeners: PLAINTEXT://a:9092,PLAINTEXT://b:9092",
                "advertised.listeners", "PLAINTEXT://a:9092,PLAINTEXT://b:9092");
        refused("Error creating broker listeners from 'TRACE://a:9092': No security protocol defined for listener TRACE",
                "advertised.listeners", "TRACE://a:9092");
    }

    @Test
    void anInterBrokerListenerThatIsNotAdvertisedIsRefused() {
        refused("inter.broker.listener.name must be a listener name defined in advertised.listeners. The valid options "
                        + "based on currently configured listeners are INTERNAL,EXTERNAL",
                "listeners", "INTERNAL://:19092,EXTERNAL://:9092",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT",
                "inter.broker.listener.name", "REPLICATION");
        refused("inter.broker.listener.name must be a listener name defined in advertised.listeners. The valid options "
                        + "based on currently configured listeners are EXTERNAL",
                "listeners", "INTERNAL://:19092,EXTERNAL://:9092",
                "advertised.listeners", "EXTERNAL://localhost:9092",
                "listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT",
                "inter.broker.listener.name", "INTERNAL");
    }

    @Test
    void ipv6HostsMayBeBracketed() {
        assertThat(listeners("listeners", "PLAINTEXT://[::1]:9092").bound())
                .isEqualTo(List.of(new ListenerAddress("PLAINTEXT", "::1", 9092)));
    }
}
