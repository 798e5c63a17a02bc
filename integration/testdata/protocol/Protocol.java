import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.postgresql.util.PGobject;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLWarning;
import org.postgresql.util.ServerErrorMessage;

/**
 * The protocol flows through pgJDBC, as the vpnsql integration test runs
 * it against vpnsql and against PostgreSQL 15 (the printed output must be
 * the same):
 *
 *   java -Duser.timezone=UTC -cp postgresql.jar:. Protocol JDBC_URL SIMPLE_URL WATCH_URL
 *
 * JDBC_URL has prepareThreshold=1&binaryTransfer=true, so every statement
 * is a named server-side one and results switch to binary once described;
 * SIMPLE_URL has preferQueryMode=simple (one Query message per execute);
 * WATCH_URL reaches the server directly, to see when a statement runs.
 * Each printed line is "flow: what happened".
 */
public class Protocol {
    static void out(String flow, String what) {
        System.out.println(flow + ": " + what);
    }

    /** error renders what the server said: severity, SQLSTATE, message. */
    static String error(SQLException e) {
        if (e instanceof PSQLException && ((PSQLException) e).getServerErrorMessage() != null) {
            ServerErrorMessage m = ((PSQLException) e).getServerErrorMessage();
            return m.getSeverity() + " " + m.getSQLState() + " " + m.getMessage();
        }
        return "client error " + e.getSQLState() + " " + e.getMessage();
    }

    static String warnings(SQLWarning w) {
        List<String> out = new ArrayList<>();
        for (; w != null; w = w.getNextWarning()) {
            if (w instanceof PSQLWarning && ((PSQLWarning) w).getServerErrorMessage() != null) {
                ServerErrorMessage m = ((PSQLWarning) w).getServerErrorMessage();
                out.add(m.getSeverity() + " " + m.getSQLState() + " " + m.getMessage());
            } else {
                out.add(w.getSQLState() + " " + w.getMessage());
            }
        }
        return out.isEmpty() ? "none" : String.join(" | ", out);
    }

    /** show renders a value with its Java class, as getObject returned it. */
    static String show(Object v) throws SQLException {
        if (v == null) {
            return "null";
        }
        if (v instanceof Timestamp) {
            return "Timestamp:" + ((Timestamp) v).toInstant();
        }
        if (v instanceof PGobject) {
            return "PGobject(" + ((PGobject) v).getType() + "):" + ((PGobject) v).getValue();
        }
        if (v instanceof Array) {
            Array a = (Array) v;
            return "Array(" + a.getBaseTypeName() + "):" + Arrays.deepToString((Object[]) a.getArray());
        }
        return v.getClass().getSimpleName() + ":" + v;
    }

    static String rows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> cols = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            cols.add(md.getColumnLabel(i));
        }
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
            List<String> vals = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                vals.add(show(rs.getObject(i)));
            }
            rows.add(String.join(",", vals));
        }
        return String.join(",", cols) + " -> " + String.join(" ; ", rows);
    }

    /** results prints every result of a statement that may hold several. */
    static void results(String flow, Statement st, boolean isRows) throws SQLException {
        while (true) {
            if (isRows) {
                try (ResultSet rs = st.getResultSet()) {
                    out(flow, rows(rs));
                }
            } else if (st.getUpdateCount() != -1) {
                out(flow, "update count " + st.getUpdateCount());
            } else {
                return;
            }
            isRows = st.getMoreResults();
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0], simpleURL = args[1], watchURL = args[2];
        try (Connection c = DriverManager.getConnection(url)) {
            simple(c, simpleURL);
            extended(c);
            prepared(c);
            fetch(c);
            errors(c);
            cancel(c, watchURL);
            timeout(c);
            notices(c);
            empty(c);
            values(c);
        }
    }

    /** Several statements in one execute: extended (one batch) and simple (one Query). */
    static void simple(Connection c, String simpleURL) throws SQLException {
        String sql = "SELECT 1 AS one; SELECT 'two' AS two, 2.5 AS half; VALUES (3, 'three'), (4, 'four')";
        try (Statement st = c.createStatement()) {
            results("simple", st, st.execute(sql));
        }
        try (Connection sc = DriverManager.getConnection(simpleURL); Statement st = sc.createStatement()) {
            results("simple (preferQueryMode=simple)", st, st.execute(sql + "; SET application_name = 'jdbc-simple'"));
            try (ResultSet rs = st.executeQuery("SHOW application_name")) {
                out("simple (preferQueryMode=simple)", rows(rs));
            }
        }
    }

    /** Parameters: setInt goes binary, setString text; results text, then binary. */
    static void extended(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::int4 + 1 AS n, upper(?) AS s, ?::numeric * 2 AS d, ? IS NULL AS isnull")) {
            for (int run = 1; run <= 2; run++) {
                ps.setInt(1, 41);
                ps.setString(2, "abc");
                ps.setBigDecimal(3, new BigDecimal("1.25"));
                ps.setNull(4, java.sql.Types.INTEGER);
                try (ResultSet rs = ps.executeQuery()) {
                    out("extended", "run " + run + " " + rows(rs));
                }
            }
        }
    }

    /** One PreparedStatement executed often: parsed once (S_n), bound each time. */
    static void prepared(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::int8 * 2 AS doubled")) {
            for (long i = 1; i <= 4; i++) {
                ps.setLong(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    out("prepared", rows(rs));
                }
            }
        }
    }

    /**
     * fetchSize in a transaction: a named portal read 3 rows per Execute
     * (PortalSuspended between), surviving another statement in between.
     */
    static void fetch(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT g AS n, 'row ' || g AS label FROM generate_series(1, ?) g")) {
            ps.setFetchSize(3);
            ps.setInt(1, 8);
            List<String> got = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    got.add(rs.getInt(1) + "=" + rs.getString(2));
                    if (got.size() == 4) {
                        try (Statement other = c.createStatement(); ResultSet r2 = other.executeQuery("SELECT 'between' AS b")) {
                            out("fetch", "interleaved " + rows(r2));
                        }
                    }
                }
            }
            out("fetch", String.join(" ", got));
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** Errors leave the session usable; an aborted block refuses until ROLLBACK. */
    static void errors(Connection c) throws SQLException {
        String[] seq = {"SELECT 1/n FROM generate_series(0, 0) n", "SELECT 1 AS after_error", "SELEC 1", "BEGIN", "SELECT 1/n FROM generate_series(0, 0) n",
            "SELECT 1 AS in_failed_block", "ROLLBACK", "SELECT 2 AS after_rollback"};
        try (Statement st = c.createStatement()) {
            for (String sql : seq) {
                try {
                    boolean rs = st.execute(sql);
                    out("errors", sql + " -> " + (rs ? rows(st.getResultSet()) : "ok"));
                } catch (SQLException e) {
                    out("errors", sql + " -> " + error(e));
                }
            }
        }
        // Types.OTHER sends the parameter untyped: the server infers int4
        // and fails to read "abc" at Bind.
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::int4 AS n")) {
            ps.setObject(1, "abc", java.sql.Types.OTHER);
            ps.executeQuery();
            out("errors", "bad parameter accepted");
        } catch (SQLException e) {
            out("errors", "bad parameter -> " + error(e));
        }
    }

    /** Statement.cancel from another thread once the server runs the statement. */
    static void cancel(Connection c, String watchURL) throws Exception {
        try (Statement st = c.createStatement()) {
            Thread th = new Thread(() -> {
                try {
                    waitActive(watchURL, "SELECT pg_sleep(10)");
                    st.cancel();
                } catch (Exception e) {
                    out("cancel", "canceller failed: " + e);
                }
            });
            th.start();
            long start = System.nanoTime();
            try {
                st.execute("SELECT pg_sleep(10)");
                out("cancel", "statement completed");
            } catch (SQLException e) {
                out("cancel", error(e));
            }
            th.join();
            out("cancel", "ended early " + ((System.nanoTime() - start) / 1e9 < 8));
            // PostgreSQL signals a cancelled backend twice (the process,
            // then its process group); under load the second signal can
            // come late and cancel the next statement. Idle, it is ignored.
            Thread.sleep(300);
            try (ResultSet rs = st.executeQuery("SELECT 'still usable' AS after")) {
                out("cancel", rows(rs));
            }
        }
    }

    static void waitActive(String watchURL, String query) throws Exception {
        try (Connection w = DriverManager.getConnection(watchURL);
             PreparedStatement ps = w.prepareStatement(
                 "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = ?")) {
            ps.setString(1, query);
            for (int i = 0; i < 500; i++) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new Exception("the statement never showed up in pg_stat_activity");
    }

    static void timeout(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = 200");
            try {
                st.execute("SELECT pg_sleep(5)");
                out("timeout", "statement completed");
            } catch (SQLException e) {
                out("timeout", error(e));
            }
            st.execute("RESET statement_timeout");
            try (ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
                out("timeout", rows(rs));
            }
        }
    }

    /** Warnings arrive as SQLWarnings on the statement. */
    static void notices(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : new String[] {"BEGIN", "BEGIN", "COMMIT", "COMMIT", "ROLLBACK"}) {
                st.execute(sql);
                out("notices", sql + " -> " + warnings(st.getWarnings()));
                st.clearWarnings();
            }
        }
    }

    static void empty(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean rs = st.execute("-- ping");
            out("empty", "result set " + rs + ", update count " + st.getUpdateCount());
        }
    }

    /** Every type both ways: parameters in, values out, in text (first run) and binary (later runs). */
    static void values(Connection c) throws SQLException {
        String sql = "SELECT ?::int4 AS i4, ?::int8 AS i8, ?::numeric AS num, ?::bool AS b, ?::text AS t, "
            + "?::jsonb AS j, ?::timestamptz AS ts, ?::int4[] AS ia, ?::text[] AS ta";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int run = 1; run <= 3; run++) {
                ps.setInt(1, -2147483648);
                ps.setLong(2, 9007199254740993L);
                ps.setBigDecimal(3, new BigDecimal("-12345678901234567890.000123"));
                ps.setBoolean(4, true);
                ps.setString(5, "héllo, 'wörld' \\ \"x\"");
                PGobject j = new PGobject();
                j.setType("jsonb");
                j.setValue("{\"b\": [1, 2.50, null], \"a\": {\"k\": \"v\"}}");
                ps.setObject(6, j);
                ps.setObject(7, OffsetDateTime.parse("2024-02-29T12:34:56.789012+05:30"));
                ps.setArray(8, c.createArrayOf("int4", new Integer[] {1, null, -3}));
                ps.setArray(9, c.createArrayOf("text", new String[] {"a", "b c", null, "NULL", "{x}"}));
                try (ResultSet rs = ps.executeQuery()) {
                    out("values", "run " + run + " " + rows(rs));
                }
            }
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 42 AS i4, 'NaN'::numeric AS nan, 0.100::numeric AS scaled, false AS b, "
                 + "'{\"z\": 1, \"a\": [true]}'::jsonb AS j, timestamptz '1999-12-31 23:59:59.5+00' AS ts, "
                 + "ARRAY[1, 2] AS arr, '{}'::text[] AS empty, NULL::int4 AS nothing")) {
            out("values", "literals " + rows(rs));
        }
    }
}
