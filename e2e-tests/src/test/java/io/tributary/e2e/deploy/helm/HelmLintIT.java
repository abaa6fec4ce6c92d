package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.tributary.e2e.support.CliResult;

/**
 * {@code helm lint --strict} and {@code helm template} pass for the default values and for every option set under
 * {@code ci/}, and every option {@code values.yaml} documents is set by one of those files, so no option goes
 * unrendered.
 */
class HelmLintIT {

    /** Maps whose keys are the user's (settings, resources, labels, ...): an option as a whole. */
    private static final Set<String> FREE_FORM = Set.of("config", "resources", "podSecurityContext", "nodeSelector",
            "tolerations", "topologySpreadConstraints", "annotations", "labels", "extraEnv");

    @Test
    void lintsStrictlyWithTheDefaultValues() {
        CliResult lint = HelmChart.lint();
        assertThat(lint.exitCode()).as(lint.stdout()).isZero();
        assertThat(lint.stdout()).contains("1 chart(s) linted, 0 chart(s) failed").doesNotContain("[WARNING]");
    }

    @Test
    void lintsAndRendersEveryOptionSet() {
        for (Path values : HelmChart.ciValuesFiles()) {
            CliResult lint = HelmChart.lint("-f", values.toString());
            assertThat(lint.exitCode()).as("helm lint --strict -f %s:%n%s", values.getFileName(), lint.stdout())
                    .isZero();
            assertThat(lint.stdout()).as(values.getFileName().toString()).doesNotContain("[WARNING]");
            assertThat(HelmChart.template("-f", values.toString()).ofKind("StatefulSet")).as(values.toString())
                    .isNotEmpty();
        }
    }

    @Test
    void everyDocumentedOptionIsSetByAnOptionSet() {
        Set<String> documented = new TreeSet<>();
        options(load(HelmChart.dir().resolve("values.yaml")), "", documented);
        Map<String, Set<String>> setBy = new LinkedHashMap<>();
        for (Path values : HelmChart.ciValuesFiles()) {
            Set<String> set = new TreeSet<>();
            options(load(values), "", set);
            setBy.put(values.getFileName().toString(), set);
        }
        List<String> unexercised = new ArrayList<>();
        for (String option : documented) {
            boolean exercised = setBy.values().stream().flatMap(Set::stream)
                    .anyMatch(set -> set.equals(option) || set.startsWith(option + ".") || option.startsWith(set + "."));
            if (!exercised) {
                unexercised.add(option);
            }
        }
        assertThat(unexercised).as("options of values.yaml that no ci/*-values.yaml sets").isEmpty();
        for (Map.Entry<String, Set<String>> file : setBy.entrySet()) {
            assertThat(file.getValue()).as("%s sets only documented options", file.getKey())
                    .allMatch(set -> documented.stream().anyMatch(option -> set.equals(option)
                            || set.startsWith(option + ".")));
        }
    }

    /** The options under {@code prefix}: paths to scalars, lists, empty maps and free-form maps. */
    private static void options(Map<?, ?> values, String prefix, Set<String> into) {
        values.forEach((key, value) -> {
            String path = prefix + key;
            if (value instanceof Map<?, ?> map && !map.isEmpty() && !FREE_FORM.contains(key.toString())) {
                options(map, path + ".", into);
            } else {
                into.add(path);
            }
        });
    }

    private static Map<?, ?> load(Path file) {
        try {
            Object loaded = new Yaml().load(Files.readString(file));
            assertThat(loaded).as(file.toString()).isInstanceOf(Map.class);
            return (Map<?, ?>) loaded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
