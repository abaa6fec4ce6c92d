package io.tributary.admin.error;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.validation.Path;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Names a field or parameter as the client wrote it: JSON fields are snake_case, parameters keep the name in the URL.
 */
final class FieldNames {

    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

    private FieldNames() {
    }

    static String snakeCase(String javaPath) {
        return CAMEL.matcher(javaPath).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }

    static String of(TypeMismatchException e) {
        if (e instanceof MethodArgumentTypeMismatchException argument) {
            return argument.getName();
        }
        return e.getPropertyName() == null ? "value" : snakeCase(e.getPropertyName());
    }

    static String parameter(MethodParameter parameter) {
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        if (query != null && !query.name().isEmpty()) {
            return query.name();
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        return parameter.getParameterName() == null ? "argument " + parameter.getParameterIndex()
                : snakeCase(parameter.getParameterName());
    }

    /** The parameter or field a constraint violation is about: the last node of {@code count.pageSize}. */
    static String lastNode(Path path) {
        String name = "value";
        for (Path.Node node : path) {
            if (node.getName() != null) {
                name = node.getName();
            }
        }
        return snakeCase(name);
    }

    static List<Map<String, String>> concat(List<Map<String, String>> first, List<Map<String, String>> second) {
        List<Map<String, String>> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
