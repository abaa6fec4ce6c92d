package io.tributary.admin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * The admin API as its own service: REST resources under {@code /v3/clusters} for the cluster that
 * {@code tributary.admin.bootstrap-servers} points at.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@PropertySource("classpath:io/tributary/admin/admin-api-defaults.properties")
public class AdminApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(AdminApiApplication.class, args);
    }
}
