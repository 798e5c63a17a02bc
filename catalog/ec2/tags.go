package ec2

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// The tags and tagSet columns every resource has: reading them from a
// row, and the difference between two tag sets (UPDATE's DeleteTags and
// CreateTags).

// parseTags reads the tags of a tagSet ([{"key": k, "value": v}]) or tags
// ({"k": "v"}) value.
func parseTags(col string, v any) ([]types.Tag, error) {
	if v == nil {
		return nil, nil
	}
	var tags []types.Tag
	if col == "tags" {
		obj, err := asObject(v, col)
		if err != nil {
			return nil, err
		}
		for _, k := range sortedKeys(obj) {
			s, err := asTagValue(obj[k], fmt.Sprintf("%s.%s", col, k))
			if err != nil {
				return nil, err
			}
			tags = append(tags, types.Tag{Key: aws.String(k), Value: aws.String(s)})
		}
		return tags, nil
	}
	list, err := asArray(v, col)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, el := range list {
		p := fmt.Sprintf("%s[%d]", col, i)
		obj, err := asObject(el, p)
		if err != nil {
			return nil, err
		}
		var key, value *string
		for k, x := range obj {
			switch fold(k) {
			case "key":
				s, err := asString(x, p+"."+k)
				if err != nil {
					return nil, err
				}
				key = &s
			case "value":
				s, err := asTagValue(x, p+"."+k)
				if err != nil {
					return nil, err
				}
				value = &s
			default:
				return nil, unknownKey(k, p, []string{"key", "value"})
			}
		}
		if key == nil {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "%s has no key", p)
		}
		if seen[*key] {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "%s repeats tag key %q", col, *key)
		}
		seen[*key] = true
		if value == nil {
			value = aws.String("")
		}
		tags = append(tags, types.Tag{Key: key, Value: value})
	}
	return tags, nil
}

func asTagValue(v any, path string) (string, error) {
	if v == nil {
		return "", nil
	}
	return asString(v, path)
}

// tagsEqual compares two tag sets ignoring order.
func tagsEqual(a, b []types.Tag) bool {
	return len(a) == len(b) && len(tagDiffCreate(a, b)) == 0 && len(tagDiffDelete(a, b)) == 0
}

// tagDiffCreate lists the tags of want that have is lacks or holds with
// another value: CreateTags sets them.
func tagDiffCreate(is, want []types.Tag) []types.Tag {
	cur := tagMap(is)
	var out []types.Tag
	for _, t := range want {
		if v, ok := cur[*t.Key]; !ok || v != aws.ToString(t.Value) {
			out = append(out, t)
		}
	}
	return out
}

// tagDiffDelete lists the keys is has and want lacks: DeleteTags removes
// them. Tags under the reserved aws: prefix are AWS's and are left alone.
func tagDiffDelete(is, want []types.Tag) []types.Tag {
	keep := tagMap(want)
	var out []types.Tag
	for _, t := range is {
		if _, ok := keep[*t.Key]; !ok && !strings.HasPrefix(*t.Key, "aws:") {
			out = append(out, types.Tag{Key: t.Key})
		}
	}
	return out
}

func tagMap(tags []types.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

// tagsCall is CreateTags or DeleteTags on one object.
func tagsCall(create bool, id string, tags []types.Tag) apiCall {
	keys := make([]string, len(tags))
	for i, t := range tags {
		keys[i] = aws.ToString(t.Key)
	}
	if create {
		return apiCall{action: "CreateTags", what: "CreateTags " + strings.Join(keys, ", "),
			input: &ec2.CreateTagsInput{Resources: []string{id}, Tags: tags},
			run: func(ctx context.Context, c *ec2.Client, dry *bool) (any, error) {
				_, err := c.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{id}, Tags: tags, DryRun: dry}, writeOptions)
				return nil, err
			}}
	}
	return apiCall{action: "DeleteTags", what: "DeleteTags " + strings.Join(keys, ", "),
		input: &ec2.DeleteTagsInput{Resources: []string{id}, Tags: tags},
		run: func(ctx context.Context, c *ec2.Client, dry *bool) (any, error) {
			_, err := c.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{id}, Tags: tags, DryRun: dry}, writeOptions)
			return nil, err
		}}
}

func tagJSON(t types.Tag) any {
	j := jsonObject{}
	j.str("key", t.Key)
	j.str("value", t.Value)
	return map[string]any(j)
}

// tagsObject is the tags column: the tag set as one object.
func tagsObject(tags []types.Tag) any {
	m := map[string]any{}
	for _, t := range tags {
		if t.Key != nil {
			m[*t.Key] = derefString(t.Value)
		}
	}
	return value.JSON{V: m}
}
