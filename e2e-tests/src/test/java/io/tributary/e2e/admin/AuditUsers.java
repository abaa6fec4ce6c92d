package io.tributary.e2e.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * The users of the audit tests, as command-line settings: {@code otto} the operator and {@code vera} the viewer.
 */
final class AuditUsers {

    private AuditUsers() {
    }

    static String[] with(String... more) {
        String users = "--tributary.admin.security.users";
        List<String> args = new ArrayList<>(List.of(more));
        args.addAll(List.of(users + "[0].name=otto", users + "[0].password={noop}otto-pass",
                users + "[0].role=operator", users + "[1].name=vera", users + "[1].password={noop}vera-pass",
                users + "[1].role=viewer"));
        return args.toArray(String[]::new);
    }
}
