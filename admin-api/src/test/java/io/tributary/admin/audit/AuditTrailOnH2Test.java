package io.tributary.admin.audit;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit trail on its default database: the embedded H2 file under {@code tributary.admin.data-dir}, with the
 * JDBC URL the service configures itself.
 */
class AuditTrailOnH2Test extends AuditTrailContract {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("tributary.admin.data-dir", dataDir::toString);
    }
}
