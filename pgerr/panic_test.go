package pgerr

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestFromPanic(t *testing.T) {
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("fan-out: %w", FromPanic(r))
			}
		}()
		var m map[string]int
		m["x"] = 1
		return nil
	}()
	pe := From(err)
	if pe.Code != InternalError || !strings.Contains(pe.Message, "assignment to entry in nil map") {
		t.Fatalf("got %s %q", pe.Code, pe.Message)
	}
	var p *Panic
	if !errors.As(err, &p) || !strings.Contains(string(p.Stack), "TestFromPanic") {
		t.Fatalf("no stack of the panic: %v", p)
	}
}
