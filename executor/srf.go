package executor

import (
	"encoding/json"
)

var _ = json.Number("")
