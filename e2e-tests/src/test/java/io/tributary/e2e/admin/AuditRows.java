package io.tributary.e2e.admin;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the audit trail of a running admin API straight from its embedded H2 database: the service is started with
 * {@link #sharedUrl} ({@code AUTO_SERVER}: the first process to open the file serves it to the others), so that a
 * test sees each change recorded without an audit endpoint.
 */
final class AuditRows {

    static final String USER = "sa";

    private final String url;

    AuditRows(String url) {
        this.url = url;
    }

    /** The JDBC URL to give the service ({@code --spring.datasource.url}) and this reader. */
    static String sharedUrl(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("audit") + ";AUTO_SERVER=TRUE";
    }

    private static final String SELECT = "SELECT action, resource, before_state, after_state FROM audit_event ";

    /** The events recorded for exactly this resource, oldest first. */
    List<Row> forResource(String resource) throws SQLException {
        return query(SELECT + "WHERE resource = ? ORDER BY id", resource);
    }

    /** The events recorded for this resource or anything under it ({@code .../topic=t/config=...}), oldest first. */
    List<Row> under(String resource) throws SQLException {
        String prefix = resource + "/";
        return query(SELECT + "WHERE resource = ? OR LEFT(resource, ?) = ? ORDER BY id", resource, prefix.length(),
                prefix);
    }

    private List<Row> query(String sql, Object... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, USER, "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getString(2), result.getString(3),
                            result.getString(4)));
                }
            }
            return rows;
        }
    }

    record Row(String action, String resource, String before, String after) {
    }
}
