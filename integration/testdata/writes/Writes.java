import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes through pgJDBC with server-prepared statements (prepareThreshold=1,
 * so every statement is a named one), as the vpnsql integration test runs it:
 *
 *   java -cp postgresql.jar:. Writes JDBC_URL CUSTOMER_GATEWAY VPN_GATEWAY
 *
 * Each line it prints is "key value"; the Go test reads them.
 */
public class Writes {
    public static void main(String[] args) throws Exception {
        String url = args[0], cgw = args[1], vgw = args[2];
        try (Connection c = DriverManager.getConnection(url)) {
            // INSERT ... RETURNING with every parameter bound by setString,
            // the jsonb ones included.
            String id;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO vpn_connections (\"customerGatewayId\", type, \"vpnGatewayId\", tags, options) "
                    + "VALUES (?, ?, ?, ?, ?) RETURNING \"vpnConnectionId\", state, tags->>'Name'")) {
                ps.setString(1, cgw);
                ps.setString(2, "ipsec.1");
                ps.setString(3, vgw);
                ps.setString(4, "{\"Name\": \"from-jdbc\"}");
                ps.setString(5, "{\"staticRoutesOnly\": true}");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getString(1);
                    System.out.println("inserted " + id + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
            // UPDATE run twice through the same prepared statement.
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE vpn_connections SET tags = tags || jsonb_build_object('Step', ?::text), routes = ?::jsonb WHERE \"vpnConnectionId\" = ?")) {
                for (String step : new String[] {"one", "two"}) {
                    ps.setString(1, step);
                    ps.setString(2, "[\"10.42.0.0/16\"]");
                    ps.setString(3, id);
                    System.out.println("updated " + ps.executeUpdate());
                }
            }
            // A refusal carries its SQLSTATE.
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM vpn_connections");
            } catch (SQLException e) {
                System.out.println("refused " + e.getSQLState());
            }
            // With autocommit off pgJDBC sends BEGIN: the write is refused...
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM vpn_connections WHERE \"vpnConnectionId\" = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            } catch (SQLException e) {
                System.out.println("in-transaction " + e.getSQLState());
            }
            c.rollback();
            c.setAutoCommit(true);
            // ...and in autocommit it goes through.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM vpn_connections WHERE \"vpnConnectionId\" = ?")) {
                ps.setString(1, id);
                System.out.println("deleted " + ps.executeUpdate());
            }
        }
    }
}
