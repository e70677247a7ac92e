#!/bin/sh
# Picks the role of this container from ROLE, so one image serves every service of the stack.
set -eu

# The admin UI plugin rewrites vendure-ui-config.json and index.html of the app it serves at every
# start, and the root filesystem may be read-only. So a server serves a tree of links to the files
# in node_modules, with real copies of just those two, under ADMIN_UI_APP_PATH (on a tmpfs): a few
# kilobytes instead of a 34 MB copy in every container's memory.
prepare_admin_ui() {
	[ -n "${ADMIN_UI_APP_PATH:-}" ] || return 0
	src=/app/node_modules/@vendure/admin-ui-plugin/lib/admin-ui/browser
	rm -rf "$ADMIN_UI_APP_PATH"
	cp -rs "$src" "$ADMIN_UI_APP_PATH"
	for file in vendure-ui-config.json index.html; do
		rm "$ADMIN_UI_APP_PATH/$file"
		cp "$src/$file" "$ADMIN_UI_APP_PATH/$file"
	done
}

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
		prepare_admin_ui
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
