package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.ServiceProcess.Service;

/**
 * The admin-api jar without users refuses to listen anywhere but loopback: exit code 1 and one line naming the
 * settings to set.
 */
class AdminApiStartupIT {

    @TempDir
    Path dataDir;

    @Test
    void withoutUsersItRefusesToListenOnAllInterfaces() {
        try (ServiceProcess admin = ServiceProcess.start(Service.ADMIN_API, List.of("--server.address=0.0.0.0",
                "--tributary.admin.data-dir=" + dataDir))) {
            assertThat(admin.awaitExit(Duration.ofSeconds(60))).as(admin.describe(40)).isEqualTo(1);
            assertThat(admin.stderr().strip()).isEqualTo("Tributary admin-api failed to start: the admin API "
                    + "listens on 0.0.0.0 but has no users: set tributary.admin.security.users[0].name/password/role "
                    + "(or tributary.admin.security.api-keys), or bind it to loopback with server.address=127.0.0.1");
        }
    }

    @Test
    void aPasswordWithoutItsEncodingIsRefusedByName() {
        try (ServiceProcess admin = ServiceProcess.start(Service.ADMIN_API, List.of("--server.address=0.0.0.0",
                "--tributary.admin.data-dir=" + dataDir,
                "--tributary.admin.security.users[0].name=ann",
                "--tributary.admin.security.users[0].password=plain",
                "--tributary.admin.security.users[0].role=operator"))) {
            assertThat(admin.awaitExit(Duration.ofSeconds(60))).as(admin.describe(40)).isEqualTo(1);
            assertThat(admin.stderr().strip()).startsWith("Tributary admin-api failed to start: "
                    + "tributary.admin.security.users[0].password must name its encoding");
        }
    }
}
