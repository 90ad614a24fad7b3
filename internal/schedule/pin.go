//go:build tools

// Package schedule will run audits and weekly digests from cron (the daemon,
// `govaudit serve`). Until it does, this file only pins robfig/cron/v3 in
// go.mod, the scheduler design.md chose; the tools build tag keeps it out of
// every build.
package schedule

import _ "github.com/robfig/cron/v3"
