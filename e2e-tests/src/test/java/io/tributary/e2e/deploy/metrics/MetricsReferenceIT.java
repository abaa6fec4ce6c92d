package io.tributary.e2e.deploy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tributary.e2e.support.ServiceProcess.Service;

/**
 * {@code docs/metrics.md} is what the code registers: generated from the {@code /actuator/prometheus} output of a
 * running broker, coordinator and admin API (every meter's name, type, tags and description), and this test fails
 * when the file differs, saying how to regenerate it ({@code -Dmetrics.reference.write=true}). The scrapes are kept
 * under {@code target/metrics-scrapes/} for a look at the values.
 */
@ExtendWith(ScrapedServicesExtension.class)
class MetricsReferenceIT {

    private static final Path REFERENCE = Path.of("docs", "metrics.md");
    static final String WRITE_PROPERTY = "metrics.reference.write";

    @Test
    void docsMetricsMdListsEveryMeterTheServicesRegister(ScrapedServices services) throws IOException {
        Map<Service, PrometheusScrape> scrapes = new EnumMap<>(Service.class);
        Path scrapesDir = Files.createDirectories(Path.of("target", "metrics-scrapes"));
        for (Service service : Service.values()) {
            String text = services.scrape(service);
            Files.writeString(scrapesDir.resolve(service + ".txt"), text);
            scrapes.put(service, PrometheusScrape.parse(text));
        }
        String generated = MetricsReference.render(scrapes);
        Path file = ScrapedServices.repositoryRoot().resolve(REFERENCE);
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            Files.writeString(file, generated);
        }

        assertThat(generated).as("a meter without a description, or a framework prefix not described")
                .doesNotContain("|  |\n").doesNotContain("not described yet");
        assertThat(Files.exists(file) ? Files.readString(file) : "")
                .as(file + " differs from the meters the services register; regenerate it with\n"
                        + "  ./mvnw -o -DskipTests package && ./mvnw -o -pl distribution,e2e-tests verify "
                        + "-Dit.test=MetricsReferenceIT -D" + WRITE_PROPERTY + "=true\nand commit the result")
                .isEqualTo(generated);
    }
}
