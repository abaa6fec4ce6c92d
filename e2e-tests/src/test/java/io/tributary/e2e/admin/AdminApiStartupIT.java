package io.tributary.e2e.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.Waiting;

/**
 * The admin-api jar without users refuses to listen anywhere but loopback: exit code 1 and one line naming the
 * settings to set. A relative data directory, as a careless user or a config file gives it, works.
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

    @Test
    void aRelativeDataDirectoryHoldsTheAuditDatabase() {
        Path relative = Path.of("target", "admin-relative-data-" + System.nanoTime());
        int httpPort = Ports.free();
        try (ServiceProcess admin = ServiceProcess.start(Service.ADMIN_API, List.of("--server.port=" + httpPort,
                "--tributary.admin.data-dir=" + relative))) {
            Waiting.atMost(Duration.ofSeconds(60), () -> admin.describe(40))
                    .failFast(admin.aliveCheck())
                    .until(() -> accepts(httpPort));
            assertThat(relative.resolve("audit.mv.db")).as(admin.describe(40)).exists();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
