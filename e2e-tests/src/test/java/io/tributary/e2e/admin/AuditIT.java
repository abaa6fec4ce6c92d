package io.tributary.e2e.admin;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.tributary.e2e.support.Ports;
import io.tributary.e2e.support.TributaryProcess;

/**
 * The audit listing of the standalone, on its default database: the embedded file under its data directory.
 */
class AuditIT extends AuditListingContract {

    @TempDir
    static Path dataDir;
    static TributaryProcess tributary;
    static AdminApiClient api;

    @BeforeAll
    static void start() {
        int httpPort = Ports.free();
        tributary = TributaryProcess.startStandalone(dataDir, AuditUsers.with("--server.port=" + httpPort));
        api = AdminApiClient.onPort(httpPort);
        AdminApiWaits.whenServing(api.withBasic("vera", "vera-pass"), "/v3/clusters");
    }

    @AfterAll
    static void stop() {
        tributary.close();
    }

    @Override
    AdminApiClient api() {
        return api;
    }
}
