//go:build !unix

package check_test

import "errors"

func mkfifo(string) error { return errors.ErrUnsupported }
