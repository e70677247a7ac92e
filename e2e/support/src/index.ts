export * from './compose-project';
export * from './eventually';
export * from './free-port';
export * from './graphql-client';
export * from './repo-root';
export * from './run-command';
export * from './stack-env';
