package executor

import (
	"github.com/vpnsql/vpnsql/pgerr"
)

var _ = pgerr.New
