package ec2

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/vpnsql/vpnsql/value"
)

// The jsonb columns use the API's wire names (the XML locationNames), so a
// user who knows the EC2 API reference knows the keys. Unset members are
// left out, as the API leaves them out.

type jsonObject map[string]any

func (o jsonObject) str(key string, v *string) {
	if v != nil {
		o[key] = *v
	}
}

func (o jsonObject) enum(key string, v string) {
	if v != "" {
		o[key] = v
	}
}

func (o jsonObject) boolean(key string, v *bool) {
	if v != nil {
		o[key] = *v
	}
}

func (o jsonObject) int32(key string, v *int32) {
	if v != nil {
		o[key] = json.Number(strconv.FormatInt(int64(*v), 10))
	}
}

func (o jsonObject) int64(key string, v *int64) {
	if v != nil {
		o[key] = json.Number(strconv.FormatInt(*v, 10))
	}
}

func (o jsonObject) time(key string, v *time.Time) {
	if v != nil {
		o[key] = v.UTC().Format("2006-01-02T15:04:05.000Z")
	}
}

func (o jsonObject) list(key string, v []any) {
	if v != nil {
		o[key] = v
	}
}

// mapList converts a list; an absent list (nil) stays absent, an empty one
// is an empty array.
func mapList[T any](in []T, f func(T) any) []any {
	if in == nil {
		return nil
	}
	out := make([]any, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func jsonList[T any](in []T, f func(T) any) any {
	l := mapList(in, f)
	if l == nil {
		l = []any{}
	}
	return value.JSON{V: l}
}

// int64Of and timeOf read optional scalar members as column values.

func int64Of(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func timeOf(p *time.Time) any {
	if p == nil {
		return nil
	}
	return p.UTC()
}
