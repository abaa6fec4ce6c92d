package io.tributary.coordinator;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import io.tributary.node.config.ServerProperties;
import io.tributary.node.lifecycle.StartupFailure;

@SpringBootApplication
public class CoordinatorApplication {

    public static void main(String[] args) {
        StartupFailure.exitOnFailure("coordinator",
                () -> ServerProperties.run(CoordinatorApplication.class, "coordinator", args));
    }
}
