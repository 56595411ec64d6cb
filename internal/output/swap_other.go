//go:build !linux

package output

import "errors"

const exchangeSupported = false

var errNoExchange = errors.New("exchanging folders is not supported here")

func exchange(a, b string) error { return errNoExchange }
