import { docker } from '@vendure-scale/e2e-support';

// The compose suites tag their builds vendure-scale:<suite>; the same Dockerfile and context share
// BuildKit's layer cache with them, so after any of them this build is mostly cache hits.
export const IMAGE = 'vendure-scale:swarm';
// The same image under a second name: to Swarm a new image reference is a new release to roll out.
export const NEXT_IMAGE = 'vendure-scale:swarm-v2';

/** Builds the one image of every role from the repository, as a release pipeline would. */
export async function buildImage(): Promise<void> {
    // RUN --mount and COPY --chmod need BuildKit; the docker.io 20.10 CLI would use the legacy builder.
    await docker(['build', '--file', 'docker/Dockerfile', '--tag', IMAGE, '.'], {
        timeoutMs: 900_000,
        env: { DOCKER_BUILDKIT: '1' },
    });
    await docker(['tag', IMAGE, NEXT_IMAGE]);
}

/** Drops the second name only: the build stays tagged, as the compose suites leave theirs, for the cache. */
export async function removeNextTag(): Promise<void> {
    await docker(['image', 'rm', NEXT_IMAGE]);
}
