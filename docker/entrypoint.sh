#!/bin/sh
# Picks the role of this container from ROLE, so one image serves every service of the stack.
set -eu

# An explicit command (`docker run IMAGE node -e …`, a debug shell) runs as given.
if [ "$#" -gt 0 ]; then
	exec "$@"
fi

case "${ROLE:-server}" in
	migrate)
		# One-shot: its exit code is what compose's service_completed_successfully waits for.
		exec node apps/server/dist/migrate.js
		;;
	server | worker)
		exec pm2-runtime start docker/ecosystem.config.cjs --only "vendure-$ROLE"
		;;
	all)
		exec pm2-runtime start docker/ecosystem.config.cjs
		;;
	*)
		echo >&2 "error: ROLE must be server, worker, migrate or all (got '$ROLE')"
		exit 64
		;;
esac
