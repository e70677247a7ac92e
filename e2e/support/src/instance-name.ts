/**
 * The container part of an instance name (X-Vendure-Instance is hostname:pid): a container's
 * hostname is its short id, under compose and Swarm alike.
 */
export const containerOf = (instance: string) => instance.split(':')[0];
