package ec2

import (
	"bufio"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The IAM policies of docs/aws.md are checked against the AWS actions the
// vpnsql binary's code calls.
//
// The source of the actions: every SDK operation is called with its input
// type (ec2.DescribeVpnConnectionsInput, also for paginators and for the
// EXPLAIN and audit records of writes), so the selectors NameInput of the
// packages service/ec2 and service/sts, in the non-test files of the
// packages cmd/vpnsql is built from, name the operations. The in-process
// simulator (ec2sim, for --demo) is left out: it answers calls. The SDK's
// own STS call behind an assumed role (stscreds.NewAssumeRoleProvider)
// counts as sts:AssumeRole.

const (
	iamDoc          = "../../docs/aws.md"
	pkgEC2          = "github.com/aws/aws-sdk-go-v2/service/ec2"
	pkgSTS          = "github.com/aws/aws-sdk-go-v2/service/sts"
	pkgSTSCreds     = "github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	vpnsqlModule    = "github.com/vpnsql/vpnsql"
	iamReadOnlyHead = "Read-only policy"
	iamWriteHead    = "Read-write"
	iamAssumeHead   = "The identity vpnsql runs as"
)

var inputType = regexp.MustCompile(`^([A-Z]\w*)Input$`)

// calledActions lists the IAM actions ("ec2:DescribeRegions") named in the
// non-test Go files of cmd/vpnsql's packages, with a file naming each.
func calledActions(t *testing.T) map[string]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \" \"}}", "../../cmd/vpnsql")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	actions := map[string]string{}
	fset := token.NewFileSet()
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 || !strings.HasPrefix(f[0], vpnsqlModule+"/") || strings.HasPrefix(f[0], vpnsqlModule+"/ec2sim") {
			continue
		}
		for _, name := range strings.Fields(f[2]) {
			path := filepath.Join(f[1], name)
			file, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			imports := map[string]string{} // local name -> import path
			for _, im := range file.Imports {
				p, _ := strconv.Unquote(im.Path.Value)
				local := p[strings.LastIndex(p, "/")+1:]
				if im.Name != nil {
					local = im.Name.Name
				}
				imports[local] = p
			}
			rel := strings.TrimPrefix(f[0], vpnsqlModule+"/") + "/" + name
			ast.Inspect(file, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				x, ok := sel.X.(*ast.Ident)
				if !ok {
					return true
				}
				switch imports[x.Name] {
				case pkgEC2, pkgSTS:
					if m := inputType.FindStringSubmatch(sel.Sel.Name); m != nil {
						actions[serviceOf(imports[x.Name])+":"+m[1]] = rel
					}
				case pkgSTSCreds:
					if sel.Sel.Name == "NewAssumeRoleProvider" {
						actions["sts:AssumeRole"] = rel
					}
				}
				return true
			})
		}
	}
	if len(actions) == 0 {
		t.Fatalf("no AWS call found in cmd/vpnsql's packages (go list printed %d bytes)", len(out))
	}
	return actions
}

func serviceOf(pkg string) string { return pkg[strings.LastIndex(pkg, "/")+1:] }

// docPolicies returns the actions of each ```json block of docs/aws.md,
// keyed by the first line of the paragraph before it.
func docPolicies(t *testing.T) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(iamDoc)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	lines := strings.Split(string(b), "\n")
	lead, para := "", false
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line != "```json" {
			if line != "" && !para {
				lead = line
			}
			para = line != ""
			continue
		}
		var block []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			block = append(block, lines[i])
		}
		var v any
		if err := json.Unmarshal([]byte(strings.Join(block, "\n")), &v); err != nil {
			// Not every block need be a policy, but one that names an
			// action must parse.
			if strings.Contains(strings.Join(block, "\n"), `"Action"`) {
				t.Fatalf("docs/aws.md: the block after %q is not JSON: %v", lead, err)
			}
			continue
		}
		out[lead] = append(out[lead], policyActions(v)...)
	}
	return out
}

// policyActions collects the "Action" values of a policy document or
// statement.
func policyActions(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if k == "Action" {
				switch a := e.(type) {
				case string:
					out = append(out, a)
				case []any:
					for _, s := range a {
						if s, ok := s.(string); ok {
							out = append(out, s)
						}
					}
				}
				continue
			}
			out = append(out, policyActions(e)...)
		}
	case []any:
		for _, e := range v {
			out = append(out, policyActions(e)...)
		}
	}
	return out
}

// isReadAction: the calls a SELECT makes (EC2's Describe*, STS's Get*).
func isReadAction(a string) bool {
	op := a[strings.Index(a, ":")+1:]
	return strings.HasPrefix(op, "Describe") || strings.HasPrefix(op, "Get")
}

// TestIAMPolicy_Doc: docs/aws.md's read-only policy lists exactly the read
// actions the code calls, its read-write addition exactly the others, and
// the central identity's policy sts:AssumeRole.
func TestIAMPolicy_Doc(t *testing.T) {
	called := calledActions(t)
	var reads, writes []string
	for a := range called {
		switch {
		case a == "sts:AssumeRole":
		case isReadAction(a):
			reads = append(reads, a)
		default:
			writes = append(writes, a)
		}
	}
	sort.Strings(reads)
	sort.Strings(writes)
	find := func(prefix string) []string {
		var got []string
		n := 0
		for lead, acts := range docPolicies(t) {
			if strings.HasPrefix(lead, prefix) {
				got = append(got, acts...)
				n++
			}
		}
		if n == 0 {
			t.Fatalf("docs/aws.md has no JSON policy after a line starting %q", prefix)
		}
		sort.Strings(got)
		return slices.Compact(got)
	}
	compare := func(what string, doc, code []string) {
		t.Helper()
		for _, a := range code {
			if !slices.Contains(doc, a) {
				t.Errorf("docs/aws.md's %s policy lacks %s, which %s calls", what, a, called[a])
			}
		}
		for _, a := range doc {
			if !slices.Contains(code, a) {
				t.Errorf("docs/aws.md's %s policy lists %s, which no code of cmd/vpnsql calls", what, a)
			}
		}
	}
	compare("read-only", find(iamReadOnlyHead), reads)
	compare("read-write", find(iamWriteHead), writes)
	if _, ok := called["sts:AssumeRole"]; ok && !slices.Contains(find(iamAssumeHead), "sts:AssumeRole") {
		t.Errorf("docs/aws.md's policy of the identity vpnsql runs as lacks sts:AssumeRole")
	}
	// The finder itself: a read, a write of each table and the calls the
	// audit named must be seen, or the source of the set has moved.
	for _, a := range []string{"ec2:DescribeVpnConnections", "ec2:DescribeRegions", "sts:GetCallerIdentity",
		"ec2:CreateCustomerGateway", "ec2:AttachVpnGateway", "ec2:ModifyVpnTunnelOptions", "ec2:CreateTags"} {
		if _, ok := called[a]; !ok {
			t.Errorf("the scan of cmd/vpnsql's code did not find %s", a)
		}
	}
	t.Logf("%d read actions, %d write actions", len(reads), len(writes))
}
