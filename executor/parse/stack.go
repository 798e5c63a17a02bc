package parse

/*
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// pg_query's own entry points (pg_query.h of pg_query_go/v6, linked into
// the binary by its parser package); the structs are copied from there.
typedef struct { char *message; char *funcname; char *filename; int lineno; int cursorpos; char *context; } vq_error;
typedef struct { size_t len; char *data; } vq_protobuf;
typedef struct { vq_protobuf parse_tree; char *stderr_buffer; vq_error *error; } vq_parse_result;
typedef struct { char *normalized_query; vq_error *error; } vq_normalize_result;
typedef struct { char *query; vq_error *error; } vq_deparse_result;

extern vq_parse_result pg_query_parse_protobuf(const char *input);
extern void pg_query_free_protobuf_parse_result(vq_parse_result result);
extern vq_normalize_result pg_query_normalize(const char *input);
extern void pg_query_free_normalize_result(vq_normalize_result result);
extern vq_deparse_result pg_query_deparse_protobuf(vq_protobuf parse_tree);
extern void pg_query_free_deparse_result(vq_deparse_result result);

typedef struct {
	const char *input;
	int kind; // 0 parse, 1 normalize, 2 deparse
	vq_protobuf tree;
	vq_parse_result parsed;
	vq_normalize_result normalized;
	vq_deparse_result deparsed;
} vq_job;

static void *vq_run(void *arg) {
	vq_job *job = arg;
	switch (job->kind) {
	case 1:
		job->normalized = pg_query_normalize(job->input);
		break;
	case 2:
		job->deparsed = pg_query_deparse_protobuf(job->tree);
		break;
	default:
		job->parsed = pg_query_parse_protobuf(job->input);
	}
	return NULL;
}

// vq_call runs the job on a new thread with a stack of the given size and
// waits for it; it returns a pthread error number, 0 on success.
static int vq_call(vq_job *job, size_t stack) {
	pthread_attr_t attr;
	pthread_t th;
	int rc = pthread_attr_init(&attr);
	if (rc != 0)
		return rc;
	rc = pthread_attr_setstacksize(&attr, stack);
	if (rc == 0)
		rc = pthread_create(&th, &attr, vq_run, job);
	pthread_attr_destroy(&attr);
	if (rc != 0)
		return rc;
	return pthread_join(th, NULL);
}
*/
import "C"

import (
	"fmt"
	"syscall"
	"unsafe"

	"github.com/pganalyze/pg_query_go/v6/parser"
)

// deepStack is the C stack a deep statement is parsed on: the bound the
// pre-scan admits (maxBound levels) at the ~175 bytes a level pg_query's
// recursive output functions use, with a wide margin. Only address space
// is reserved; the pages a parse touches are the ones it needs.
const deepStack = 64 << 20

// parseOnDeepStack is parser.ParseToProtobuf run on a thread of its own
// whose stack is deepStack, whatever stack the calling thread has.
func parseOnDeepStack(sql string) ([]byte, error) {
	job, err := callOnDeepStack(&C.vq_job{}, sql)
	if err != nil {
		return nil, err
	}
	defer C.pg_query_free_protobuf_parse_result(job.parsed)
	if job.parsed.error != nil {
		return nil, newError(job.parsed.error)
	}
	return C.GoBytes(unsafe.Pointer(job.parsed.parse_tree.data), C.int(job.parsed.parse_tree.len)), nil
}

// normalizeOnDeepStack is parser.Normalize on a deepStack thread.
func normalizeOnDeepStack(sql string) (string, error) {
	job, err := callOnDeepStack(&C.vq_job{kind: 1}, sql)
	if err != nil {
		return "", err
	}
	defer C.pg_query_free_normalize_result(job.normalized)
	if job.normalized.error != nil {
		return "", newError(job.normalized.error)
	}
	return C.GoString(job.normalized.normalized_query), nil
}

// deparseOnDeepStack is parser.DeparseFromProtobuf on a deepStack thread.
func deparseOnDeepStack(tree []byte) (string, error) {
	data := C.CBytes(tree)
	defer C.free(data)
	job, err := callOnDeepStack(&C.vq_job{kind: 2, tree: C.vq_protobuf{len: C.size_t(len(tree)), data: (*C.char)(data)}}, "")
	if err != nil {
		return "", err
	}
	defer C.pg_query_free_deparse_result(job.deparsed)
	if job.deparsed.error != nil {
		return "", newError(job.deparsed.error)
	}
	return C.GoString(job.deparsed.query), nil
}

func callOnDeepStack(job *C.vq_job, sql string) (*C.vq_job, error) {
	in := C.CString(sql)
	defer C.free(unsafe.Pointer(in))
	job.input = in
	if rc := C.vq_call(job, deepStack); rc != 0 {
		return nil, fmt.Errorf("parser thread: %w", syscall.Errno(rc))
	}
	return job, nil
}

// newError is parser.Error from pg_query's error struct, so syntax errors
// read the same on both paths.
func newError(e *C.vq_error) *parser.Error {
	return &parser.Error{
		Message:   C.GoString(e.message),
		Cursorpos: int(e.cursorpos),
		Lineno:    int(e.lineno),
	}
}
