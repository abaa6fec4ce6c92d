package io.tributary.sample.orders;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.util.FileSystemUtils;

/**
 * Standalone Tributary for one test class. Declared before {@code @SpringBootTest}, so it starts before the
 * application's context and stops after Spring closed it ({@code @DirtiesContext}): the application's listener
 * leaves its group while the cluster is still there.
 */
final class StandaloneTributaryExtension implements BeforeAllCallback, AfterAllCallback {

    private static StandaloneTributary tributary;
    private static Path dataDir;

    /** For {@code @DynamicPropertySource}: where the running standalone listens. */
    static String bootstrap() {
        if (tributary == null) {
            throw new IllegalStateException("standalone is not running: declare @ExtendWith("
                    + StandaloneTributaryExtension.class.getSimpleName() + ") before @SpringBootTest");
        }
        return tributary.bootstrap();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("tributary-sample-");
        tributary = StandaloneTributary.start(dataDir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (tributary != null) {
                tributary.close();
            }
        } finally {
            tributary = null;
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }
}
