#!/bin/sh
# Picks the role of this container from ROLE, so one image serves every service of the stack.
set -eu

# An explicit command (`docker run IMAGE node -e …`, a debug shell, compose's one-shot `secrets`
# job) runs as given, without a role's preparation.
if [ "$#" -gt 0 ]; then
	exec "$@"
fi

case "${ROLE:-server}" in
	migrate)
		# One-shot: its exit code is what compose's service_completed_successfully waits for.
		node docker/preflight.cjs
		exec node apps/server/dist/migrate.js
		;;
	server)
		node docker/preflight.cjs
		exec pm2-runtime start docker/ecosystem.config.cjs --only vendure-server
		;;
	worker)
		node docker/preflight.cjs
		exec pm2-runtime start docker/ecosystem.config.cjs --only vendure-worker
		;;
	*)
		echo >&2 "error: ROLE must be server, worker or migrate (got '$ROLE')"
		exit 64
		;;
esac
