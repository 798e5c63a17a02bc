import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * pgJDBC batches against vpnsql's transaction rule for writes, as the
 * integration test runs it:
 *
 *   java -cp postgresql.jar:. WriteBatches JDBC_URL VPN1 VPN2 CGW1 VGW1 CGW2 VGW2
 *
 * Each line it prints is "key value"; the Go test reads them.
 */
public class WriteBatches {
    static final String UPDATE =
        "UPDATE vpn_connections SET tags = tags || jsonb_build_object('Batch', ?::text) WHERE \"vpnConnectionId\" = ?";

    static String counts(int[] n) {
        List<String> out = new ArrayList<>();
        for (int c : n) {
            out.add(Integer.toString(c));
        }
        return String.join(",", out);
    }

    static int[] batch(Connection c, String value, String... ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            for (String id : ids) {
                ps.setString(1, value);
                ps.setString(2, id);
                ps.addBatch();
            }
            int[] n = ps.executeBatch();
            SQLWarning warning = ps.getWarnings();
            if (warning != null) {
                System.out.println("immediate-batch " + counts(n) + " warning=" + warning.getMessage());
            }
            return n;
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0], vpn1 = args[1], vpn2 = args[2];
        try (Connection c = DriverManager.getConnection(url)) {
            // executeBatch sends every row's Bind/Execute before one Sync:
            // a pipeline, refused before any call.
            try {
                batch(c, "refused", vpn1, vpn2);
                System.out.println("batch ran");
            } catch (BatchUpdateException e) {
                SQLException cause = e.getNextException() != null ? e.getNextException() : e;
                String msg = cause.getMessage();
                System.out.println("batch " + cause.getSQLState() + " " + msg.substring(msg.indexOf(": ") + 2, msg.indexOf("\n") > 0 ? msg.indexOf("\n") : msg.length()));
            }
            // With the setting it runs, with a WARNING.
            try (Statement st = c.createStatement()) {
                st.execute("SET vpnsql.writes_in_transaction = immediate");
            }
            batch(c, "immediate", vpn1, vpn2);
            try (Statement st = c.createStatement()) {
                st.execute("RESET vpnsql.writes_in_transaction");
            }
            // A row limit over a per-row write function is refused; without
            // it the call is made for the rows WHERE selects.
            String perRow = "SELECT r.\"vpnConnectionId\" FROM vpn_connections v, ec2.vpn_connection_route_create(v.\"vpnConnectionId\", '10.65.0.0/16') r"
                + " WHERE v.\"vpnConnectionId\" IN (?, ?) ORDER BY 1";
            try (PreparedStatement ps = c.prepareStatement(perRow)) {
                ps.setString(1, vpn1);
                ps.setString(2, vpn2);
                ps.setMaxRows(1);
                ps.executeQuery().close();
                System.out.println("max-rows ran");
            } catch (SQLException e) {
                System.out.println("max-rows " + e.getSQLState());
            }
            try (PreparedStatement ps = c.prepareStatement(perRow)) {
                ps.setString(1, vpn1);
                ps.setString(2, vpn2);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                System.out.println("per-row " + String.join(",", ids));
            }
        }
        // reWriteBatchedInserts turns an INSERT batch into one multi-row
        // INSERT: one statement, allowed.
        try (Connection c = DriverManager.getConnection(url + "&reWriteBatchedInserts=true");
             PreparedStatement ps = c.prepareStatement(
                 "INSERT INTO vpn_connections (\"customerGatewayId\", type, \"vpnGatewayId\") VALUES (?, 'ipsec.1', ?)")) {
            for (int i = 3; i + 1 < args.length; i += 2) {
                ps.setString(1, args[i]);
                ps.setString(2, args[i + 1]);
                ps.addBatch();
            }
            System.out.println("rewritten " + counts(ps.executeBatch()));
        }
    }
}
