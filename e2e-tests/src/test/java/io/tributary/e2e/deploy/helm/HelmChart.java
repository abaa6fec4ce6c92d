package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.tributary.e2e.support.CliResult;
import io.tributary.e2e.support.DeployTools;

/**
 * The chart under {@code helm/tributary} and the helm binary that renders and lints it, offline: release
 * {@value #RELEASE} in namespace {@value #NAMESPACE}.
 */
final class HelmChart {

    static final String RELEASE = "tributary";
    static final String NAMESPACE = "kafka";
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private HelmChart() {
    }

    static Path dir() {
        return DeployTools.repositoryRoot().resolve("helm").resolve("tributary");
    }

    /** The option sets under {@code ci/}, one {@code *-values.yaml} each (chart-testing's convention), sorted. */
    static List<Path> ciValuesFiles() {
        try (Stream<Path> files = Files.list(dir().resolve("ci"))) {
            List<Path> found = files.filter(file -> file.getFileName().toString().endsWith("-values.yaml")).sorted()
                    .toList();
            assertThat(found).as("values files under %s", dir().resolve("ci")).isNotEmpty();
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code helm template} with {@code options} (e.g. {@code -f file}, {@code --set k=v}); fails unless it renders. */
    static Manifests template(String... options) {
        CliResult result = run("template", options);
        assertThat(result.exitCode()).as("helm template %s failed:%n%s", String.join(" ", options), result.stdout())
                .isZero();
        return Manifests.parse(result.stdout());
    }

    /** {@code helm template} that must fail; answers helm's output (the reason). */
    static String templateFailure(String... options) {
        CliResult result = run("template", options);
        assertThat(result.exitCode()).as("helm template %s rendered, but should have failed", String.join(" ", options))
                .isNotZero();
        return result.stdout();
    }

    /** The notes {@code helm install} prints, from an offline dry run ({@code --dry-run=client}). */
    static String installNotes(String... options) {
        CliResult result = run("install", concat(options, "--dry-run=client"));
        assertThat(result.exitCode()).as("helm install --dry-run=client:%n%s", result.stdout()).isZero();
        assertThat(result.stdout()).contains("NOTES:");
        return result.stdout().substring(result.stdout().indexOf("NOTES:"));
    }

    private static String[] concat(String[] options, String option) {
        String[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = option;
        return all;
    }

    /** {@code helm lint --strict} with {@code options}. */
    static CliResult lint(String... options) {
        List<String> command = new ArrayList<>(List.of(DeployTools.helm().toString(), "lint", "--strict",
                dir().toString(), "--namespace", NAMESPACE));
        command.addAll(List.of(options));
        return DeployTools.run(dir(), DEADLINE, command);
    }

    private static CliResult run(String verb, String... options) {
        List<String> command = new ArrayList<>(List.of(DeployTools.helm().toString(), verb, RELEASE,
                dir().toString(), "--namespace", NAMESPACE));
        command.addAll(List.of(options));
        return DeployTools.run(dir(), DEADLINE, command);
    }
}
