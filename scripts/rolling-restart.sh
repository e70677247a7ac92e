#!/usr/bin/env bash
# Replaces every running container of one compose service, one at a time, without dropping a
# request: start one new replica beside the old ones, wait until Docker reports it healthy, then
# stop the oldest (SIGTERM; a server drains first, see packages/cluster/src/roles/graceful-shutdown.ts)
# and remove it. Capacity never drops below the starting count.
#
#   scripts/rolling-restart.sh [service]          (default: server)
#
# It acts on the compose project of the current directory; point it at another one the way
# docker compose itself is pointed: COMPOSE_PROJECT_NAME, COMPOSE_FILE, COMPOSE_ENV_FILES.
# HEALTH_TIMEOUT (seconds, default 300) bounds the wait for each new replica.
set -Eeuo pipefail

service="${1:-server}"
health_timeout="${HEALTH_TIMEOUT:-300}"

trap 'echo >&2 "rolling-restart: failed at line $LINENO; the old containers that are left still serve"' ERR

log() {
	echo "rolling-restart: $*"
}

die() {
	echo >&2 "rolling-restart: error: $*"
	exit 1
}

# Running containers of the service, oldest first (creation time), one id a line.
running_oldest_first() {
	local ids
	ids="$(docker compose ps --quiet --status running "$service")"
	[ -n "$ids" ] || return 0
	# shellcheck disable=SC2086 # one id per word is intended
	docker inspect --format '{{.Created}} {{.Id}}' $ids | sort | cut -d' ' -f2
}

wait_healthy() {
	local id="$1" deadline=$((SECONDS + health_timeout)) state
	while :; do
		state="$(docker inspect --format '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")"
		case "$state" in
			'running healthy') return 0 ;;
			*' none') die "$service has no healthcheck: a rolling restart cannot tell when a replica is ready" ;;
			exited* | dead*) die "new replica ${id:0:12} stopped before it was healthy ($state)" ;;
		esac
		[ "$SECONDS" -lt "$deadline" ] || die "new replica ${id:0:12} not healthy after ${health_timeout}s ($state)"
		sleep 2
	done
}

mapfile -t old < <(running_oldest_first)
count="${#old[@]}"
[ "$count" -gt 0 ] || die "no running $service container"
log "replacing $count $service container(s), one at a time"

for id in "${old[@]}"; do
	mapfile -t before < <(running_oldest_first)
	# --no-recreate: the others stay as they are; --no-deps: migrations and data services are
	# not this script's business. Scaling to count+1 adds exactly one replica.
	docker compose up --detach --no-deps --no-recreate --scale "$service=$((count + 1))" "$service" >/dev/null
	mapfile -t added < <(comm -13 <(printf '%s\n' "${before[@]}" | sort) <(running_oldest_first | sort))
	[ "${#added[@]}" -eq 1 ] || die "expected one new $service container, found ${#added[@]}"
	new="${added[0]}"
	log "started ${new:0:12}; waiting for it to be healthy"
	wait_healthy "$new"
	# docker stop waits for the stop_grace_period compose gave the container before a SIGKILL.
	log "healthy; stopping ${id:0:12}"
	docker stop "$id" >/dev/null
	docker rm "$id" >/dev/null
done

log "done: $count $service container(s) replaced"
