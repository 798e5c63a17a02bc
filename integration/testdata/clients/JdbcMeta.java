import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Prints what pgJDBC's DatabaseMetaData and ResultSetMetaData say about a
 * server, as the vpnsql client test runs it against PostgreSQL 15 and
 * against vpnsql and compares the two outputs:
 *
 *   java -cp postgresql.jar:. JdbcMeta JDBC_URL TABLE,TABLE,...
 *
 * Every result set is printed as "## call", one line of column labels with
 * their JDBC type and type name, then one line per row of getString values.
 * A failing call prints its SQLSTATE and message instead, and the program
 * goes on with the next call.
 */
public class JdbcMeta {
    interface Call {
        ResultSet run(DatabaseMetaData md) throws SQLException;
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0])) {
            DatabaseMetaData md = c.getMetaData();
            scalar("getDatabaseProductName", () -> md.getDatabaseProductName());
            scalar("getDatabaseProductVersion", () -> md.getDatabaseProductVersion());
            scalar("getDatabaseMajorVersion", () -> String.valueOf(md.getDatabaseMajorVersion()));
            scalar("getDatabaseMinorVersion", () -> String.valueOf(md.getDatabaseMinorVersion()));
            scalar("getUserName", () -> md.getUserName());
            scalar("getURL", () -> md.getURL());
            scalar("getCatalog", () -> c.getCatalog());
            scalar("getSchema", () -> c.getSchema());
            scalar("getIdentifierQuoteString", () -> md.getIdentifierQuoteString());
            scalar("getSQLKeywords", () -> md.getSQLKeywords());
            scalar("getMaxColumnNameLength", () -> String.valueOf(md.getMaxColumnNameLength()));
            scalar("getDefaultTransactionIsolation", () -> String.valueOf(md.getDefaultTransactionIsolation()));
            scalar("getTransactionIsolation", () -> String.valueOf(c.getTransactionIsolation()));
            scalar("isReadOnly", () -> String.valueOf(c.isReadOnly()));

            meta(md, "getCatalogs", m -> m.getCatalogs());
            meta(md, "getSchemas()", m -> m.getSchemas());
            meta(md, "getSchemas(aws, ec2)", m -> m.getSchemas("aws", "ec2"));
            meta(md, "getTableTypes", m -> m.getTableTypes());
            meta(md, "getTables(null, null, %, null)", m -> m.getTables(null, null, "%", null));
            meta(md, "getTables(aws, ec2, %, TABLE VIEW ...)", m -> m.getTables("aws", "ec2", "%",
                    new String[] {"TABLE", "PARTITIONED TABLE", "VIEW", "FOREIGN TABLE", "MATERIALIZED VIEW"}));
            meta(md, "getTables(null, pg_catalog, pg_class, null)", m -> m.getTables(null, "pg_catalog", "pg_class", null));
            meta(md, "getColumns(null, null, vpn%, state)", m -> m.getColumns(null, null, "vpn%", "state"));
            // Per table: the resource tables are the last argument, comma-separated.
            for (String t : args[1].split(",")) {
                meta(md, "getColumns(null, ec2, " + t + ", %)", m -> m.getColumns(null, "ec2", t, "%"));
                meta(md, "getPrimaryKeys " + t, m -> m.getPrimaryKeys(null, "ec2", t));
                meta(md, "getImportedKeys " + t, m -> m.getImportedKeys(null, "ec2", t));
                meta(md, "getExportedKeys " + t, m -> m.getExportedKeys(null, "ec2", t));
                meta(md, "getCrossReference(" + t + ", vpn_connections)", m -> m.getCrossReference(null, "ec2", t, null, "ec2", "vpn_connections"));
                meta(md, "getIndexInfo(unique=false) " + t, m -> m.getIndexInfo(null, "ec2", t, false, true));
                meta(md, "getIndexInfo(unique=true) " + t, m -> m.getIndexInfo(null, "ec2", t, true, false));
                meta(md, "getBestRowIdentifier " + t, m -> m.getBestRowIdentifier(null, "ec2", t, DatabaseMetaData.bestRowSession, true));
                meta(md, "getVersionColumns " + t, m -> m.getVersionColumns(null, "ec2", t));
                meta(md, "getTablePrivileges " + t, m -> m.getTablePrivileges(null, "ec2", t));
                meta(md, "getColumnPrivileges " + t, m -> m.getColumnPrivileges(null, "ec2", t, "%"));
                meta(md, "getPseudoColumns " + t, m -> m.getPseudoColumns(null, "ec2", t, "%"));
                meta(md, "getSuperTables " + t, m -> m.getSuperTables(null, "ec2", t));
            }
            meta(md, "getTypeInfo", m -> m.getTypeInfo());
            meta(md, "getUDTs", m -> m.getUDTs(null, "ec2", "%", null));
            meta(md, "getFunctions(null, ec2, %)", m -> m.getFunctions(null, "ec2", "%"));
            meta(md, "getFunctions(null, public, %)", m -> m.getFunctions(null, "public", "%"));
            meta(md, "getFunctions(null, pg_catalog, version)", m -> m.getFunctions(null, "pg_catalog", "version"));
            meta(md, "getFunctionColumns(null, pg_catalog, version, %)", m -> m.getFunctionColumns(null, "pg_catalog", "version", "%"));
            meta(md, "getProcedures(null, ec2, %)", m -> m.getProcedures(null, "ec2", "%"));
            meta(md, "getProcedures(null, pg_catalog, pg_get_userbyid)", m -> m.getProcedures(null, "pg_catalog", "pg_get_userbyid"));
            meta(md, "getProcedureColumns(null, pg_catalog, pg_get_userbyid, %)", m -> m.getProcedureColumns(null, "pg_catalog", "pg_get_userbyid", "%"));
            meta(md, "getClientInfoProperties", m -> m.getClientInfoProperties());

            query(c, "SELECT \"vpnConnectionId\", state, options, tags->>'Name' AS name, region,"
                    + " count(*) OVER () AS n, 1::int4 AS one, now() IS NOT NULL AS ok"
                    + " FROM ec2.vpn_connections ORDER BY 1", null);
            query(c, "SELECT * FROM vpn_connections WHERE state = ? ORDER BY \"vpnConnectionId\"", "available");
            query(c, "SELECT c.oid, c.relname, n.nspname FROM pg_catalog.pg_class c"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'vpn_connections'", null);
        }
    }

    interface Scalar {
        String get() throws SQLException;
    }

    static void scalar(String name, Scalar s) {
        try {
            String v = s.get();
            System.out.println("## " + name);
            System.out.println(v);
        } catch (SQLException e) {
            System.out.println("## " + name);
            System.out.println("error " + e.getSQLState() + " " + e.getMessage());
        }
    }

    static void meta(DatabaseMetaData md, String name, Call call) {
        System.out.println("## " + name);
        try (ResultSet rs = call.run(md)) {
            print(rs);
        } catch (SQLException e) {
            System.out.println("error " + e.getSQLState() + " " + e.getMessage());
        }
    }

    static void query(Connection c, String sql, String param) {
        System.out.println("## query " + sql);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData m = rs.getMetaData();
                for (int i = 1; i <= m.getColumnCount(); i++) {
                    System.out.println("column " + i
                            + " label=" + m.getColumnLabel(i)
                            + " name=" + m.getColumnName(i)
                            + " type=" + m.getColumnType(i)
                            + " typeName=" + m.getColumnTypeName(i)
                            + " class=" + m.getColumnClassName(i)
                            + " precision=" + m.getPrecision(i)
                            + " scale=" + m.getScale(i)
                            + " displaySize=" + m.getColumnDisplaySize(i)
                            + " nullable=" + m.isNullable(i)
                            + " autoIncrement=" + m.isAutoIncrement(i)
                            + " caseSensitive=" + m.isCaseSensitive(i)
                            + " signed=" + m.isSigned(i)
                            + " currency=" + m.isCurrency(i)
                            + " searchable=" + m.isSearchable(i)
                            + " readOnly=" + m.isReadOnly(i)
                            + " writable=" + m.isWritable(i)
                            + " table=" + m.getTableName(i)
                            + " schema=" + m.getSchemaName(i)
                            + " catalog=" + m.getCatalogName(i));
                }
                rows(rs);
            }
        } catch (SQLException e) {
            System.out.println("error " + e.getSQLState() + " " + e.getMessage());
        }
    }

    static void print(ResultSet rs) throws SQLException {
        ResultSetMetaData m = rs.getMetaData();
        StringBuilder b = new StringBuilder("columns:");
        for (int i = 1; i <= m.getColumnCount(); i++) {
            b.append(' ').append(m.getColumnLabel(i)).append('(').append(m.getColumnType(i))
                    .append(' ').append(m.getColumnTypeName(i)).append(')');
        }
        System.out.println(b);
        rows(rs);
    }

    static void rows(ResultSet rs) throws SQLException {
        int cols = rs.getMetaData().getColumnCount();
        int n = 0;
        while (rs.next()) {
            StringBuilder b = new StringBuilder("row:");
            for (int i = 1; i <= cols; i++) {
                b.append(i == 1 ? " " : " | ").append(rs.getString(i));
            }
            System.out.println(b);
            n++;
        }
        System.out.println("(" + n + " rows)");
    }
}
