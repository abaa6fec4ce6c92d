package io.tributary.e2e.deploy.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The metric selectors of a PromQL expression as Grafana stores it: each metric name with its label matchers. Names
 * are the identifiers that are not functions (followed by {@code (}), aggregation operators, keywords, the label
 * lists after {@code by}/{@code without}/{@code on}/{@code ignoring}/{@code group_left}/{@code group_right}, or inside
 * a string, a {@code {…}} matcher list, a {@code […]} range, a number or duration, or a Grafana variable
 * ({@code $x}, {@code ${x}}, {@code [[x]]}). A histogram's {@code _bucket}, {@code _count} and {@code _sum} series are
 * names like any other.
 */
final class PromQlSelectors {

    /** One metric selector: {@code name{label op "value", …}}. */
    record Selector(String metric, List<Matcher> matchers) {

        /** The matcher on {@code label}, if the selector has one. */
        Matcher matcher(String label) {
            return matchers.stream().filter(m -> m.label().equals(label)).findFirst().orElse(null);
        }
    }

    /** One label matcher; {@code op} is one of {@code = != =~ !~}. */
    record Matcher(String label, String op, String value) {
    }

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LIST_MODIFIERS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

    private static final Pattern MATCHER = Pattern.compile(
            "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`)\\s*,?");

    private final String expr;
    private int pos;
    private final List<Selector> selectors = new ArrayList<>();

    private PromQlSelectors(String expr) {
        this.expr = expr;
    }

    /** The selectors of {@code expr}, in the order they appear. */
    static List<Selector> of(String expr) {
        PromQlSelectors parser = new PromQlSelectors(expr);
        parser.parse();
        return List.copyOf(parser.selectors);
    }

    private void parse() {
        String lastMetric = null;
        while (pos < expr.length()) {
            char c = expr.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '"' || c == '\'' || c == '`') {
                skipString();
                lastMetric = null;
            } else if (c == '{') {
                List<Matcher> matchers = matchers();
                if (lastMetric == null) {
                    throw new IllegalArgumentException("a selector without a metric name at " + pos + " of: " + expr);
                }
                selectors.set(selectors.size() - 1, new Selector(lastMetric, matchers));
                lastMetric = null;
            } else if (c == '[' && peek(1) == '[') {
                skipPast("]]");
            } else if (c == '[') {
                skipPast("]");
            } else if (c == '$') {
                skipVariable();
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                while (pos < expr.length() && (Character.isLetterOrDigit(expr.charAt(pos)) || expr.charAt(pos) == '.')) {
                    pos++;
                }
                lastMetric = null;
            } else if (isIdentifierStart(c)) {
                lastMetric = identifier();
            } else {
                pos++;
                lastMetric = null;
            }
        }
    }

    /** Reads an identifier; answers it if it names a metric (and records its selector), else null. */
    private String identifier() {
        int start = pos;
        while (pos < expr.length() && isIdentifierPart(expr.charAt(pos))) {
            pos++;
        }
        String word = expr.substring(start, pos);
        String lower = word.toLowerCase();
        if (LABEL_LIST_MODIFIERS.contains(lower)) {
            skipWhitespace();
            if (peek(0) == '(') {
                skipPast(")");
            }
            return null;
        }
        if (AGGREGATIONS.contains(lower) || KEYWORDS.contains(lower)) {
            return null;
        }
        skipWhitespace();
        if (peek(0) == '(') {
            return null;
        }
        selectors.add(new Selector(word, List.of()));
        return word;
    }

    private List<Matcher> matchers() {
        int end = closingBrace();
        String body = expr.substring(pos + 1, end);
        pos = end + 1;
        List<Matcher> matchers = new ArrayList<>();
        java.util.regex.Matcher m = MATCHER.matcher(body);
        int at = 0;
        while (at < body.length() && m.find(at) && m.start() == at) {
            String quoted = m.group(3);
            matchers.add(new Matcher(m.group(1), m.group(2), quoted.substring(1, quoted.length() - 1)));
            at = m.end();
        }
        if (!body.substring(at).isBlank()) {
            throw new IllegalArgumentException("unreadable label matchers {" + body + "} in: " + expr);
        }
        return matchers;
    }

    /** The index of the {@code }} closing the matcher list at {@link #pos}, strings inside it skipped. */
    private int closingBrace() {
        int save = pos;
        pos++;
        while (pos < expr.length() && expr.charAt(pos) != '}') {
            char c = expr.charAt(pos);
            if (c == '"' || c == '\'' || c == '`') {
                skipString();
            } else {
                pos++;
            }
        }
        if (pos >= expr.length()) {
            throw new IllegalArgumentException("unclosed { in: " + expr);
        }
        int end = pos;
        pos = save;
        return end;
    }

    private void skipString() {
        char quote = expr.charAt(pos++);
        while (pos < expr.length() && expr.charAt(pos) != quote) {
            pos += expr.charAt(pos) == '\\' && quote != '`' ? 2 : 1;
        }
        if (pos >= expr.length()) {
            throw new IllegalArgumentException("unclosed string in: " + expr);
        }
        pos++;
    }

    private void skipVariable() {
        pos++;
        if (peek(0) == '{') {
            skipPast("}");
        } else {
            while (pos < expr.length() && isIdentifierPart(expr.charAt(pos))) {
                pos++;
            }
        }
    }

    private void skipPast(String closing) {
        int end = expr.indexOf(closing, pos);
        if (end < 0) {
            throw new IllegalArgumentException("no " + closing + " after " + pos + " in: " + expr);
        }
        pos = end + closing.length();
    }

    private void skipWhitespace() {
        while (pos < expr.length() && Character.isWhitespace(expr.charAt(pos))) {
            pos++;
        }
    }

    private char peek(int ahead) {
        int at = pos + ahead;
        return at < expr.length() ? expr.charAt(at) : '\0';
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }
}
