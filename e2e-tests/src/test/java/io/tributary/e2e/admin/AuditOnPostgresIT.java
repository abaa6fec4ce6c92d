package io.tributary.e2e.admin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.ServiceProcess;
import io.tributary.e2e.support.ServiceProcess.Service;
import io.tributary.e2e.support.TributaryProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The audit listing of the admin-api jar given a PostgreSQL JDBC URL (a real server, zonky's embedded binary), managing
 * a standalone cluster: the same contract as on the embedded default.
 */
class AuditOnPostgresIT extends AuditListingContract {

    @TempDir
    static Path dataDir;
    static EmbeddedPostgres postgres;
    static TributaryProcess tributary;
    static ServiceProcess adminApi;
    static AdminApiClient api;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.start();
        tributary = TributaryProcess.startStandalone(dataDir.resolve("cluster"), "--server.port=" + Ports.free());
        int httpPort = Ports.free();
        adminApi = ServiceProcess.start(Service.ADMIN_API, List.of(AuditUsers.with(
                "--server.port=" + httpPort,
                "--tributary.admin.bootstrap-servers=" + tributary.bootstrap(),
                "--tributary.admin.data-dir=" + dataDir.resolve("admin"),
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres")));
        api = AdminApiClient.onPort(httpPort);
        AdminApiWaits.whenServing(api.withBasic("vera", "vera-pass"), "/v3/clusters");
    }

    @AfterAll
    static void stop() throws IOException {
        adminApi.close();
        tributary.close();
        postgres.close();
    }

    @Override
    AdminApiClient api() {
        return api;
    }
}
