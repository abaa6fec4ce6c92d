package io.tributary.e2e.deploy.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of {@code docker/Dockerfile} that a test can check without a Docker engine (the Helm checks too:
 * a pod's container starts with the image's environment).
 */
public final class Dockerfile {

    static final String PATH = "docker/Dockerfile";
    private static final Pattern HEALTHCHECK = Pattern.compile("HEALTHCHECK\\s+((?:--\\S+\\s+)*)CMD\\s+(.+)");
    private static final Pattern ENV_ENTRY = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");
    private static final Pattern TIMEOUT = Pattern.compile("--timeout=(\\S+)");

    private final List<String> instructions;

    private Dockerfile(List<String> instructions) {
        this.instructions = instructions;
    }

    public static Dockerfile read() {
        try {
            String text = Files.readString(ComposeFile.root().resolve(PATH));
            // one instruction per line once comments are gone and continuation lines are joined
            String joined = text.lines().filter(line -> !line.stripLeading().startsWith("#"))
                    .reduce("", (all, line) -> all.endsWith("\\") ? all.substring(0, all.length() - 1) + " "
                            + line.strip() : all + "\n" + line.strip());
            return new Dockerfile(joined.lines().filter(line -> !line.isBlank()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shell command of the {@code HEALTHCHECK ... CMD} instruction, and its {@code --timeout}. */
    HealthCheck healthcheck() {
        for (String instruction : instructions) {
            Matcher matcher = HEALTHCHECK.matcher(instruction);
            if (matcher.matches()) {
                Matcher timeout = TIMEOUT.matcher(matcher.group(1));
                return new HealthCheck(matcher.group(2).strip(),
                        timeout.find() ? ComposeFile.duration(timeout.group(1), null) : Duration.ofSeconds(30));
            }
        }
        throw new AssertionError(PATH + " has no HEALTHCHECK ... CMD instruction: " + instructions);
    }

    /** Every instruction starting with {@code keyword}, continuation lines joined. */
    List<String> instructions(String keyword) {
        return instructions.stream().filter(line -> line.startsWith(keyword + " ")).toList();
    }

    /**
     * The variables the {@code ENV} instructions set, with {@code ${ARG}} references replaced from
     * {@code buildArgs}.
     */
    public Map<String, String> environment(Map<String, String> buildArgs) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String instruction : instructions("ENV")) {
            Matcher variable = ENV_ENTRY.matcher(instruction.substring("ENV ".length()));
            while (variable.find()) {
                String value = variable.group(2).replaceAll("^\"|\"$", "");
                for (Map.Entry<String, String> arg : buildArgs.entrySet()) {
                    value = value.replace("${" + arg.getKey() + "}", arg.getValue());
                }
                environment.put(variable.group(1), value);
            }
        }
        return environment;
    }

    record HealthCheck(String command, Duration timeout) {
    }
}
