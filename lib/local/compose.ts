import type { LocalClusterDefinition } from '../model/cluster';
import { k3dNetworkName } from './k3d-config';

/** Images of the local dependencies, pinned: PostgreSQL 17 with pgvector, and Redis. */
export const LOCAL_DEPENDENCY_IMAGES = {
  postgres: 'pgvector/pgvector:0.8.0-pg17',
  redis: 'redis:7.4.2-alpine',
} as const;

/** Variables of `.env` the compose file reads (never in git); `npm run local:up` refuses to start without them. */
export const COMPOSE_ENV_VARIABLES = ['POSTGRES_PASSWORD', 'REDIS_PASSWORD'] as const;

/** Host ports of the dependencies, on 127.0.0.1 only: psql and redis-cli from the developer's shell. */
export const LOCAL_DEPENDENCY_PORTS = { postgres: 5432, redis: 6379 } as const;

/**
 * The compose file of a local cluster's dependencies: PostgreSQL with the pgvector extension and Redis with a
 * password, each with a health check and a named volume. They join the k3d cluster's Docker network, so pods reach
 * them as `postgres:5432` and `redis:6379` (the nodes resolve container names through Docker's DNS); the host
 * reaches them on 127.0.0.1.
 */
export function composeFile(cluster: LocalClusterDefinition): Record<string, unknown> {
  const required = (name: string) => `\${${name}:?set ${name} in .env (docs/local.md)}`;
  return {
    services: {
      postgres: {
        image: LOCAL_DEPENDENCY_IMAGES.postgres,
        restart: 'unless-stopped',
        environment: { POSTGRES_USER: 'app', POSTGRES_DB: 'app', POSTGRES_PASSWORD: required('POSTGRES_PASSWORD') },
        ports: [`127.0.0.1:${LOCAL_DEPENDENCY_PORTS.postgres}:5432`],
        volumes: ['postgres-data:/var/lib/postgresql/data'],
        healthcheck: {
          test: ['CMD-SHELL', 'pg_isready -U app -d app'],
          interval: '5s',
          timeout: '3s',
          retries: 20,
        },
        networks: ['cluster'],
      },
      redis: {
        image: LOCAL_DEPENDENCY_IMAGES.redis,
        restart: 'unless-stopped',
        command: ['redis-server', '--requirepass', required('REDIS_PASSWORD'), '--appendonly', 'yes'],
        ports: [`127.0.0.1:${LOCAL_DEPENDENCY_PORTS.redis}:6379`],
        volumes: ['redis-data:/data'],
        healthcheck: { test: ['CMD', 'redis-cli', 'ping'], interval: '5s', timeout: '3s', retries: 20 },
        networks: ['cluster'],
      },
    },
    networks: { cluster: { name: k3dNetworkName(cluster), external: true } },
    volumes: { 'postgres-data': {}, 'redis-data': {} },
  };
}
