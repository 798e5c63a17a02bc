package value

import (
	"github.com/vpnsql/vpnsql/pgerr"
)

// PostgreSQL refuses a value over 1 GB: a varlena holds at most
// MaxAllocSize bytes (2^30 - 1) with its 4-byte header. vpnsql refuses the
// same values, with the error the PostgreSQL 15 function would give, before
// building them.
const (
	maxAllocSize = 1<<30 - 1
	varHdrSize   = 4
)

// errLengthTooLarge is repeat's, lpad's and rpad's error.
func errLengthTooLarge() error {
	return pgerr.New(pgerr.ProgramLimitExceeded, "requested length too large")
}

// CheckTextSize is the check before building a text of n bytes.
func CheckTextSize(n int64) error {
	if n < 0 || n+varHdrSize > maxAllocSize {
		return errLengthTooLarge()
	}
	return nil
}

// CheckPadLength is lpad's and rpad's check: PostgreSQL reserves the
// encoding's longest character (4 bytes in UTF8) for every one requested.
func CheckPadLength(n int64) error {
	if n > 0 && 4*n+varHdrSize > maxAllocSize {
		return errLengthTooLarge()
	}
	return nil
}

// CheckConcatSize is textcat's: palloc refuses the result (XX000).
func CheckConcatSize(a, b int) error {
	if n := a + b + varHdrSize; n > maxAllocSize {
		return pgerr.New(pgerr.InternalError, "invalid memory alloc request size %d", n)
	}
	return nil
}

// stringBuffer is PostgreSQL's StringInfo check: appending more bytes
// to a buffer of size bytes fails past MaxAllocSize, as string_agg does.
func CheckStringBuffer(size, more int) error {
	if more >= maxAllocSize-size {
		return pgerr.New(pgerr.ProgramLimitExceeded, "out of memory").
			WithDetail("Cannot enlarge string buffer containing %d bytes by %d more bytes.", size, more)
	}
	return nil
}
