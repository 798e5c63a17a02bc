package ec2sim

import (
	"slices"
	"strings"
)

// CreateTags and DeleteTags on VPN connections and the gateways. Every
// resource is checked before any is changed, so a failing call changes
// nothing.

var taggable = []resourceKind{kindVpn, kindCgw, kindVgw, kindTgw}

// tagsOf finds the tag list of the resource with id.
func (rs *regionState) tagsOf(c *call, id string) (*[]tag, *apiError) {
	prefix, _, _ := strings.Cut(id, "-")
	i := slices.IndexFunc(taggable, func(k resourceKind) bool { return k.prefix == prefix })
	if i < 0 || !taggable[i].wellFormed(id) {
		return nil, errorf("InvalidID", "The ID '%s' is not valid", id)
	}
	var tags *[]tag
	switch prefix {
	case "vpn":
		if v := rs.vpn(id, c.now, c.s.retention); v != nil {
			tags = &v.tags
		}
	case "cgw":
		if g := rs.cgw(id, c.now, c.s.retention); g != nil {
			tags = &g.x.TagSet.Items
		}
	case "vgw":
		if g := rs.vgw(id, c.now, c.s.retention); g != nil {
			tags = &g.x.TagSet.Items
		}
	case "tgw":
		if g := rs.tgw(id, c.now); g != nil {
			tags = &g.x.TagSet.Items
		}
	}
	if tags == nil {
		return nil, notFound(taggable[i], []string{id})
	}
	return tags, nil
}

func (c *call) tagInput(needTags bool) (ids []string, tags []tag, keyOnly []bool, e *apiError) {
	ids = c.q.strList("ResourceId")
	tags, keyOnly = c.q.tags("Tag")
	dry := c.q.boolean("DryRun")
	if e := c.q.done(); e != nil {
		return nil, nil, nil, e
	}
	switch {
	case len(ids) == 0:
		return nil, nil, nil, errMissing("ResourceId")
	case needTags && len(tags) == 0:
		return nil, nil, nil, errMissing("Tag")
	case len(ids) > 1000:
		return nil, nil, nil, errorf("InvalidParameterValue", "Up to 1000 resource ids may be tagged in one request.")
	}
	if needTags {
		if e := validateTags(tags); e != nil {
			return nil, nil, nil, e
		}
	}
	return ids, tags, keyOnly, c.authorize(dry)
}

func (c *call) createTags() (any, *apiError) {
	ids, tags, _, e := c.tagInput(true)
	if e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	lists := make([]*[]tag, len(ids))
	merged := make([][]tag, len(ids))
	for i, id := range ids {
		if lists[i], e = rs.tagsOf(c, id); e != nil {
			return nil, e
		}
		if merged[i], e = mergeTags(*lists[i], tags); e != nil {
			return nil, e
		}
	}
	for i := range ids {
		*lists[i] = merged[i]
	}
	return &returnResponse{Return: true}, nil
}

// deleteTags removes tags: a key without a value whatever its value, a key
// with a value (even empty) only with that value, and with no Tag at all
// every tag not starting with "aws:".
func (c *call) deleteTags() (any, *apiError) {
	ids, tags, keyOnly, e := c.tagInput(false)
	if e != nil {
		return nil, e
	}
	rs := c.lock()
	defer rs.mu.Unlock()
	lists := make([]*[]tag, len(ids))
	for i, id := range ids {
		if lists[i], e = rs.tagsOf(c, id); e != nil {
			return nil, e
		}
	}
	remove := func(t tag) bool {
		if len(tags) == 0 {
			return !strings.HasPrefix(t.Key, "aws:")
		}
		for i, d := range tags {
			if d.Key == t.Key && (keyOnly[i] || d.Value == t.Value) {
				return true
			}
		}
		return false
	}
	for _, l := range lists {
		*l = slices.DeleteFunc(slices.Clone(*l), remove)
	}
	return &returnResponse{Return: true}, nil
}
