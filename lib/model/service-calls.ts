import { byCodePoint } from '../order';
import type { DependencySpec, PortSpec } from './app-spec';
import type { ResolvedApp } from './resolved-app';

/** One permitted call: `client`'s pods may open connections to `server`'s ports. */
export interface ServiceCall {
  readonly client: ResolvedApp;
  readonly server: ResolvedApp;
  /** The server's ports the client may reach: all of them. */
  readonly ports: readonly PortSpec[];
  /** The client's L7 settings for calls to the server (its `dependencies` entry), when it declares any. */
  readonly dependency?: DependencySpec;
}

/**
 * Who may call whom in one cluster, from each server's `allowedClients`: a call exists when both apps run in
 * the cluster and the server has ports. The one source of the NetworkPolicies (ingress of the server, egress of
 * the client) and of the mesh's AuthorizationPolicies, so the two can never disagree. Ordered by server, then
 * client (code point).
 */
export function serviceCalls(apps: readonly ResolvedApp[]): ServiceCall[] {
  const byName = new Map(apps.map((app) => [app.name, app]));
  const calls: ServiceCall[] = [];
  for (const server of [...apps].sort((a, b) => byCodePoint(a.name, b.name))) {
    if (server.ports.length === 0) continue;
    for (const name of [...new Set(server.allowedClients)].sort(byCodePoint)) {
      const client = byName.get(name);
      const dependency = client?.dependencies[server.name];
      if (client !== undefined)
        calls.push({ client, server, ports: server.ports, ...(dependency ? { dependency } : {}) });
    }
  }
  return calls;
}

/** The calls into `app` (its callers). */
export function callsInto(calls: readonly ServiceCall[], app: ResolvedApp): ServiceCall[] {
  return calls.filter((call) => call.server.name === app.name);
}

/** The calls `app` makes (its upstreams). */
export function callsFrom(calls: readonly ServiceCall[], app: ResolvedApp): ServiceCall[] {
  return calls.filter((call) => call.client.name === app.name);
}

/**
 * The L7 policy of calls into `app`: what its callers declare in `dependencies`. The server's waypoint applies
 * one policy to every caller, so the resolver refuses callers that declare different ones.
 */
export function trafficPolicyOf(calls: readonly ServiceCall[], app: ResolvedApp): DependencySpec | undefined {
  return callsInto(calls, app).find((call) => call.dependency !== undefined)?.dependency;
}
