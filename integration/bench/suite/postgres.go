package main

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

const pgBin = "/usr/lib/postgresql/15/bin"

// pgCluster is a throwaway PostgreSQL 15 cluster on loopback, run as the
// postgres user when the suite runs as root (initdb refuses root).
type pgCluster struct {
	dir     string
	port    int
	asUser  string // "" = the current user
	started bool
}

func (pg *pgCluster) cmd(ctx context.Context, bin string, args ...string) (string, error) {
	if pg.asUser != "" {
		return runCmd(ctx, "runuser", append([]string{"-u", pg.asUser, "--", filepath.Join(pgBin, bin)}, args...)...)
	}
	return runCmd(ctx, filepath.Join(pgBin, bin), args...)
}

func (e *env) startPostgres(ctx context.Context) (*pgCluster, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	pg := &pgCluster{dir: filepath.Join(e.dir, "pg"), port: port}
	if err := os.Mkdir(pg.dir, 0o700); err != nil {
		return nil, err
	}
	if os.Geteuid() == 0 {
		pg.asUser = "postgres"
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root needs the postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(pg.dir, uid, gid); err != nil {
			return nil, err
		}
	}
	if _, err := pg.cmd(ctx, "initdb", "-D", pg.dir, "-E", "UTF8", "--locale=C.UTF-8", "-A", "trust", "-U", "postgres"); err != nil {
		return nil, err
	}
	e.pg = pg
	if _, err := pg.cmd(ctx, "pg_ctl", "-D", pg.dir, "-l", filepath.Join(pg.dir, "server.log"), "-w",
		"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c autovacuum=off", port, pg.dir), "start"); err != nil {
		return nil, err
	}
	pg.started = true
	return pg, nil
}

func (pg *pgCluster) stop() {
	if pg.started {
		pg.cmd(context.Background(), "pg_ctl", "-D", pg.dir, "-m", "immediate", "stop")
	}
}

// pid is the postmaster's process id (the first line of postmaster.pid).
func (pg *pgCluster) pid() (int, error) {
	b, err := os.ReadFile(filepath.Join(pg.dir, "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	first, _, _ := strings.Cut(string(b), "\n")
	return strconv.Atoi(strings.TrimSpace(first))
}

func (pg *pgCluster) url(db string) string {
	return fmt.Sprintf("postgresql://postgres@127.0.0.1:%d/%s?sslmode=disable", pg.port, db)
}

// loadFrom creates database db holding vpnsql's ec2 schema: every table
// with the columns, types, NOT NULL, primary and foreign keys vpnsql's
// catalog shows, and exactly the rows vpnsql returns for each. search_path
// is ec2, public, as in vpnsql, so bare names and psql's \dt resolve alike.
func (pg *pgCluster) loadFrom(ctx context.Context, db, vpnURL string) error {
	admin, err := pgx.Connect(ctx, pg.url("postgres"))
	if err != nil {
		return err
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+db); err != nil {
		return err
	}
	if _, err := admin.Exec(ctx, "ALTER DATABASE "+db+" SET search_path = ec2, public"); err != nil {
		return err
	}
	src, err := pgx.Connect(ctx, vpnURL)
	if err != nil {
		return err
	}
	defer src.Close(ctx)
	dst, err := pgx.Connect(ctx, pg.url(db))
	if err != nil {
		return err
	}
	defer dst.Close(ctx)

	cols, err := src.Query(ctx, `SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull
		FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'ec2' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`)
	if err != nil {
		return fmt.Errorf("vpnsql's columns: %w", err)
	}
	var tables []string
	defs := map[string][]string{}
	for cols.Next() {
		var t, a, typ string
		var notNull bool
		if err := cols.Scan(&t, &a, &typ, &notNull); err != nil {
			return err
		}
		if defs[t] == nil {
			tables = append(tables, t)
		}
		d := pgx.Identifier{a}.Sanitize() + " " + typ
		if notNull {
			d += " NOT NULL"
		}
		defs[t] = append(defs[t], d)
	}
	if err := cols.Err(); err != nil {
		return fmt.Errorf("vpnsql's columns: %w", err)
	}
	if _, err := dst.Exec(ctx, "CREATE SCHEMA ec2"); err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := dst.Exec(ctx, fmt.Sprintf("CREATE TABLE ec2.%s (%s)", pgx.Identifier{t}.Sanitize(), strings.Join(defs[t], ", "))); err != nil {
			return err
		}
		if err := copyRows(ctx, src, dst, t); err != nil {
			return fmt.Errorf("copying ec2.%s: %w", t, err)
		}
	}
	// Keys after the rows; foreign keys NOT VALID, as vpnsql does not
	// promise its tables' references are complete at one instant.
	cons, err := src.Query(ctx, `SELECT c.relname, con.conname, con.contype, pg_catalog.pg_get_constraintdef(con.oid)
		FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
		JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'ec2' AND con.contype IN ('p', 'u', 'f') ORDER BY con.contype DESC, c.relname, con.conname`)
	if err != nil {
		return fmt.Errorf("vpnsql's constraints: %w", err)
	}
	var ddl []string
	for cons.Next() {
		var t, name, typ, def string
		if err := cons.Scan(&t, &name, &typ, &def); err != nil {
			return err
		}
		s := fmt.Sprintf("ALTER TABLE ec2.%s ADD CONSTRAINT %s %s", pgx.Identifier{t}.Sanitize(), pgx.Identifier{name}.Sanitize(), def)
		if typ == "f" {
			s += " NOT VALID"
		}
		ddl = append(ddl, s)
	}
	if err := cons.Err(); err != nil {
		return fmt.Errorf("vpnsql's constraints: %w", err)
	}
	for _, s := range ddl {
		if _, err := dst.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	_, err = dst.Exec(ctx, "ANALYZE")
	return err
}

// copyRows reads every row of ec2.TABLE from vpnsql as text (simple
// protocol) and copies it into PostgreSQL with COPY, text format.
func copyRows(ctx context.Context, src, dst *pgx.Conn, table string) error {
	rows, err := src.Query(ctx, "SELECT * FROM ec2."+pgx.Identifier{table}.Sanitize(), pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return err
	}
	var b strings.Builder
	for rows.Next() {
		for i, v := range rows.RawValues() {
			if i > 0 {
				b.WriteByte('\t')
			}
			if v == nil {
				b.WriteString(`\N`)
				continue
			}
			copyEscaper.WriteString(&b, string(v))
		}
		b.WriteByte('\n')
	}
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = dst.PgConn().CopyFrom(ctx, strings.NewReader(b.String()), "COPY ec2."+pgx.Identifier{table}.Sanitize()+" FROM STDIN")
	return err
}

var copyEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`, "\t", `\t`)

// psqlQueries runs a psql meta-command against url with -E and returns
// the queries psql sent, in order.
func psqlQueries(ctx context.Context, url, meta string) ([]string, error) {
	out, err := runCmd(ctx, "psql", "-X", "-E", "-v", "ON_ERROR_STOP=1", "-c", meta, url)
	if err != nil {
		return nil, err
	}
	qs := echoedQueries(out)
	if len(qs) == 0 {
		return nil, fmt.Errorf("psql %s sent no query", meta)
	}
	return qs, nil
}

// echoedQueries are the queries in psql -E's output, in order.
func echoedQueries(out string) []string {
	const open, shut = "********* QUERY **********\n", "**************************"
	var qs []string
	for rest := out; ; {
		i := strings.Index(rest, open)
		if i < 0 {
			return qs
		}
		rest = rest[i+len(open):]
		j := strings.Index(rest, shut)
		if j < 0 {
			return qs
		}
		qs = append(qs, strings.TrimSpace(rest[:j]))
		rest = rest[j+len(shut):]
	}
}
