package ec2sim

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// STS GetCallerIdentity and AssumeRole, served on the same endpoint
// (credential scope service "sts", or Version=2011-06-15), so that vpnsql
// can learn the accountId of its credentials and reach other accounts
// through a role. The temporary credentials AssumeRole hands out belong to
// the account in the role's ARN.

const (
	stsNS      = "https://sts.amazonaws.com/doc/2011-06-15/"
	stsVersion = "2011-06-15"
)

var stsOperations = map[string]operation{
	"GetCallerIdentity": (*call).getCallerIdentity,
	"AssumeRole":        (*call).assumeRole,
}

// assumedKey is an access key AssumeRole handed out.
type assumedKey struct {
	account, arn string
}

type assumeRoleResponse struct {
	Result struct {
		Credentials struct {
			AccessKeyID     string `xml:"AccessKeyId"`
			SecretAccessKey string `xml:"SecretAccessKey"`
			SessionToken    string `xml:"SessionToken"`
			Expiration      string `xml:"Expiration"`
		} `xml:"Credentials"`
		AssumedRoleUser struct {
			AssumedRoleID string `xml:"AssumedRoleId"`
			Arn           string `xml:"Arn"`
		} `xml:"AssumedRoleUser"`
	} `xml:"AssumeRoleResult"`
	RequestID string `xml:"ResponseMetadata>RequestId"`
}

func (r *assumeRoleResponse) setRequestID(id string) { r.RequestID = id }

// assumeRole answers with credentials of the role's account. Any role of a
// 12-digit account may be assumed unless Options.Roles lists the roles:
// then only those, each with its external id ("" = none required).
func (c *call) assumeRole() (any, *apiError) {
	roleARN := c.q.str("RoleArn")
	session := c.q.str("RoleSessionName")
	externalID := c.q.str("ExternalId")
	duration := c.q.int32p("DurationSeconds")
	c.q.str("Policy")
	if e := c.q.done(); e != nil {
		return nil, e
	}
	switch {
	case roleARN == "":
		return nil, errorf("MissingParameter", "The request must contain the parameter RoleArn")
	case session == "":
		return nil, errorf("MissingParameter", "The request must contain the parameter RoleSessionName")
	case len(session) < 2 || len(session) > 64:
		return nil, errorf("ValidationError", "1 validation error detected: Value '%s' at 'roleSessionName' failed to satisfy constraint: Member must have length between 2 and 64", session)
	}
	parts := strings.SplitN(roleARN, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || !validAccount(parts[4]) || !strings.HasPrefix(parts[5], "role/") {
		return nil, errorf("ValidationError", "%s is invalid", roleARN)
	}
	denied := &apiError{Code: "AccessDenied", Status: http.StatusForbidden,
		Message: fmt.Sprintf("User: arn:aws:iam::%s:user/%s is not authorized to perform: sts:AssumeRole on resource: %s", c.account, c.accessKey, roleARN)}
	if !c.s.allowed(c.accessKey, "AssumeRole") {
		return nil, denied
	}
	if c.s.opts.Roles != nil {
		want, ok := c.s.opts.Roles[roleARN]
		if !ok || want != externalID {
			return nil, denied
		}
	}
	secs := int32(3600)
	if duration != nil {
		secs = *duration
	}
	g := c.s.gen()
	key := fmt.Sprintf("ASIA%016X", g.next())
	roleName := strings.TrimPrefix(parts[5], "role/")
	arn := fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", parts[4], roleName, session)
	c.s.assumedMu.Lock()
	if c.s.assumed == nil {
		c.s.assumed = map[string]assumedKey{}
	}
	c.s.assumed[key] = assumedKey{account: parts[4], arn: arn}
	c.s.assumedMu.Unlock()
	r := &assumeRoleResponse{}
	r.Result.Credentials.AccessKeyID = key
	r.Result.Credentials.SecretAccessKey = fmt.Sprintf("%016x%016x", g.next(), g.next())
	r.Result.Credentials.SessionToken = fmt.Sprintf("FwoGZXIvYXdzE%032x", g.next())
	r.Result.Credentials.Expiration = c.now.Add(time.Duration(secs) * time.Second).UTC().Format("2006-01-02T15:04:05Z")
	r.Result.AssumedRoleUser.AssumedRoleID = fmt.Sprintf("AROA%016X:%s", fnv64(roleARN), session)
	r.Result.AssumedRoleUser.Arn = arn
	return r, nil
}

// assumedAccount is the account of a key AssumeRole handed out.
func (s *Sim) assumedAccount(accessKey string) (assumedKey, bool) {
	s.assumedMu.Lock()
	defer s.assumedMu.Unlock()
	k, ok := s.assumed[accessKey]
	return k, ok
}

type callerIdentityResponse struct {
	Result struct {
		UserID  string `xml:"UserId"`
		Account string `xml:"Account"`
		Arn     string `xml:"Arn"`
	} `xml:"GetCallerIdentityResult"`
	RequestID string `xml:"ResponseMetadata>RequestId"`
}

func (r *callerIdentityResponse) setRequestID(id string) { r.RequestID = id }

// getCallerIdentity answers as for an IAM user named after the access key;
// the user id is derived from the key, so it is stable.
func (c *call) getCallerIdentity() (any, *apiError) {
	if e := c.q.done(); e != nil {
		return nil, e
	}
	r := &callerIdentityResponse{}
	r.Result.Account = c.account
	r.Result.UserID = fmt.Sprintf("AIDA%016X", fnv64(c.accessKey))
	r.Result.Arn = fmt.Sprintf("arn:aws:iam::%s:user/%s", c.account, c.accessKey)
	if k, ok := c.s.assumedAccount(c.accessKey); ok {
		r.Result.Arn = k.arn
	}
	return r, nil
}

func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
