import java.sql.*;

/**
 * The gateway pair index through pgJDBC (server-prepared statements), as
 * the vpnsql integration test runs it: java Unique URL CGW VGW. Each line
 * it prints is "key value..."; the Go test reads them.
 */
public class Unique {
    public static void main(String[] args) throws Exception {
        String cgw = args[1], vgw = args[2];
        String insert = "INSERT INTO vpn_connections (\"customerGatewayId\", type, \"vpnGatewayId\") VALUES (?, 'ipsec.1', ?)";
        try (Connection c = DriverManager.getConnection(args[0])) {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, cgw);
                ps.setString(2, vgw);
                System.out.println("inserted " + ps.executeUpdate());
                try {
                    ps.executeUpdate();
                    System.out.println("duplicate no-error");
                } catch (SQLException e) {
                    org.postgresql.util.ServerErrorMessage m = ((org.postgresql.util.PSQLException) e).getServerErrorMessage();
                    System.out.println("duplicate " + e.getSQLState() + " " + m.getConstraint() + " " + m.getTable() + " " + m.getSchema());
                    System.out.println("detail " + m.getDetail());
                }
            }
            try (PreparedStatement ps = c.prepareStatement(insert + " ON CONFLICT DO NOTHING")) {
                ps.setString(1, cgw);
                ps.setString(2, vgw);
                System.out.println("on-conflict " + ps.executeUpdate());
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate(insert.replace("?", "'x'") + " ON CONFLICT (\"customerGatewayId\") DO NOTHING");
                System.out.println("bad-target no-error");
            } catch (SQLException e) {
                System.out.println("bad-target " + e.getSQLState());
            }
        }
    }
}
