package io.tributary.e2e.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The Kubernetes objects {@code helm template} rendered, in its order. */
record Manifests(List<Manifest> objects) {

    static Manifests parse(String yaml) {
        Iterable<Object> documents = new Yaml(new LoaderOptions()).loadAll(yaml);
        List<Manifest> objects = StreamSupport.stream(documents.spliterator(), false).filter(Objects::nonNull)
                .map(document -> new Manifest(Manifest.map(document, "a rendered document"))).toList();
        return new Manifests(objects);
    }

    List<Manifest> ofKind(String kind) {
        return objects.stream().filter(object -> object.kind().equals(kind)).toList();
    }

    /** The one object of {@code kind} named {@code name}. */
    Manifest get(String kind, String name) {
        List<Manifest> found = objects.stream()
                .filter(object -> object.kind().equals(kind) && object.name().equals(name)).toList();
        assertThat(found).as("%s %s among %s", kind, name, names()).hasSize(1);
        return found.get(0);
    }

    boolean has(String kind, String name) {
        return objects.stream().anyMatch(object -> object.kind().equals(kind) && object.name().equals(name));
    }

    List<String> names() {
        return objects.stream().map(object -> object.kind() + "/" + object.name()).toList();
    }

    /** One object, a tree of maps and lists as YAML gives it. */
    record Manifest(Map<String, Object> body) {

        String kind() {
            return (String) body.get("kind");
        }

        String name() {
            return (String) map(body.get("metadata"), "metadata").get("name");
        }

        /** kind/name of an object, or the keys of a part of one (a container). */
        String label() {
            return body.get("metadata") instanceof Map<?, ?> metadata ? kind() + "/" + metadata.get("name")
                    : "the part with keys " + body.keySet();
        }

        /** The value at {@code path}: map keys, or list indexes as numbers; null where the path ends early. */
        Object at(Object... path) {
            Object current = body;
            for (Object step : path) {
                if (current instanceof Map<?, ?> map) {
                    current = map.get(step);
                } else if (current instanceof List<?> list && step instanceof Integer index && index < list.size()) {
                    current = list.get(index);
                } else {
                    return null;
                }
            }
            return current;
        }

        String string(Object... path) {
            Object value = at(path);
            return value == null ? null : value.toString();
        }

        Map<String, Object> mapAt(Object... path) {
            return map(at(path), String.valueOf(List.of(path)));
        }

        @SuppressWarnings("unchecked")
        List<Object> listAt(Object... path) {
            Object value = at(path);
            assertThat(value).as("%s of %s", List.of(path), label()).isInstanceOf(List.class);
            return (List<Object>) value;
        }

        /**
         * The container (or init container, {@code list} = {@code initContainers}) named {@code name} of a Pod or of
         * a workload's pod template.
         */
        Map<String, Object> container(String list, String name) {
            List<Object> containers = "Pod".equals(kind()) ? listAt("spec", list)
                    : listAt("spec", "template", "spec", list);
            return containers.stream().map(item -> map(item, list))
                    .filter(container -> name.equals(container.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + list + " entry " + name + " in " + label()));
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object value, String what) {
            assertThat(value).as(what).isInstanceOf(Map.class);
            return (Map<String, Object>) value;
        }
    }
}
