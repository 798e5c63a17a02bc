package ec2sim

import "fmt"

// STS GetCallerIdentity, served on the same endpoint (credential scope
// service "sts", or Version=2011-06-15), so that vpnsql can learn the
// accountId of its credentials.

const (
	stsNS      = "https://sts.amazonaws.com/doc/2011-06-15/"
	stsVersion = "2011-06-15"
)

var stsOperations = map[string]operation{
	"GetCallerIdentity": (*call).getCallerIdentity,
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
