package io.tributary.broker;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import io.tributary.node.config.ServerProperties;
import io.tributary.node.lifecycle.StartupFailure;

@SpringBootApplication
public class BrokerApplication {

    public static void main(String[] args) {
        StartupFailure.exitOnFailure("broker", () -> ServerProperties.run(BrokerApplication.class, "broker", args));
    }
}
