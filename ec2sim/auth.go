package ec2sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path"
	"strings"
)

const (
	serviceEC2 = "ec2"
	serviceSTS = "sts"
)

// credential is what the SigV4 credential scope tells about a request:
// Credential=AKID/20261125/us-east-1/ec2/aws4_request. Signatures are not
// verified: the simulator has no secrets, only access keys.
type credential struct {
	AccessKey, Region, Service string
}

// parseCredential reads the scope from the Authorization header, or from the
// X-Amz-Credential parameter of a presigned request.
func parseCredential(r *http.Request) (credential, bool) {
	scope := ""
	if h := r.Header.Get("Authorization"); h != "" {
		_, rest, ok := strings.Cut(h, "Credential=")
		if !ok {
			return credential{}, false
		}
		scope, _, _ = strings.Cut(rest, ",")
	} else {
		scope = r.Form.Get("X-Amz-Credential")
	}
	parts := strings.Split(strings.TrimSpace(scope), "/")
	if len(parts) != 5 || parts[0] == "" || parts[4] != "aws4_request" {
		return credential{}, false
	}
	return credential{AccessKey: parts[0], Region: parts[2], Service: parts[3]}, true
}

// defaultRegions are the regions a new AWS account has enabled
// (opt-in-not-required): Options.Regions == nil enables these.
var defaultRegions = []string{
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
	"ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1",
	"eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
}

// optInRegions exist in the aws partition but must be enabled per account
// (the region list of aws-sdk-go-v2's partitions.json). Requests signed for
// one of them are refused unless Options.Regions enables it.
var optInRegions = []string{
	"af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3",
	"ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
	"ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1",
	"me-central-1", "me-south-1", "me-west-1", "mx-central-1", "sa-west-1",
}

func knownRegion(r string) bool {
	for _, l := range [][]string{defaultRegions, optInRegions} {
		for _, x := range l {
			if x == r {
				return true
			}
		}
	}
	return false
}

// checkRegion answers as AWS does for a request signed for a region: a name
// that is no AWS region fails the signature scope check; a real region that
// the account has not enabled fails authentication.
func (s *Sim) checkRegion(region string) *apiError {
	if !knownRegion(region) && !s.enabled[region] {
		return errorf("AuthFailure", "Credential should be scoped to a valid region, not '%s'.", region)
	}
	if !s.enabled[region] {
		return errAuthFailure()
	}
	return nil
}

// account maps an access key to its account: a key AssumeRole handed out
// is its role's account's; with no keys configured every other key is
// DefaultAccount's.
func (s *Sim) account(accessKey string) (string, bool) {
	if k, ok := s.assumedAccount(accessKey); ok {
		return k.account, true
	}
	if s.opts.Keys == nil {
		return DefaultAccount, true
	}
	a, ok := s.opts.Keys[accessKey]
	return a, ok
}

// allowed reports whether accessKey may call action: keys without an entry in
// Options.Allow may call everything, the others only actions matching one of
// their patterns (path.Match syntax, e.g. "Describe*").
func (s *Sim) allowed(accessKey, action string) bool {
	pats, ok := s.opts.Allow[accessKey]
	if !ok {
		return true
	}
	for _, p := range pats {
		if m, _ := path.Match(p, action); m {
			return true
		}
	}
	return false
}

// KeyEntry is one access key of a keys file in its long form.
type KeyEntry struct {
	Account string   `json:"account"`
	Allow   []string `json:"allow,omitempty"` // action patterns; empty = all actions
}

// LoadKeys reads a keys file: a JSON object from access key id to either an
// account id ("AKID": "111111111111") or a KeyEntry
// ("AKID": {"account": "111111111111", "allow": ["Describe*", "Get*"]}).
// It returns the maps for Options.Keys and Options.Allow.
func LoadKeys(file string) (keys map[string]string, allow map[string][]string, err error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, nil, fmt.Errorf("keys file %s: %w", file, err)
	}
	keys, allow = map[string]string{}, map[string][]string{}
	for k, v := range raw {
		var e KeyEntry
		if err := json.Unmarshal(v, &e.Account); err != nil {
			if err := json.Unmarshal(v, &e); err != nil {
				return nil, nil, fmt.Errorf("keys file %s: key %s: %w", file, k, err)
			}
		}
		if !validAccount(e.Account) {
			return nil, nil, fmt.Errorf("keys file %s: key %s: account %q is not 12 digits", file, k, e.Account)
		}
		keys[k] = e.Account
		if len(e.Allow) > 0 {
			allow[k] = e.Allow
		}
	}
	return keys, allow, nil
}

func validAccount(a string) bool {
	if len(a) != 12 {
		return false
	}
	for _, c := range a {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
