import { type AppSpec, DeliveryStrategy, WorkloadKind } from '../model/app-spec';
import type { FieldProblem } from './check-app';
import { hostnameProblem, positiveIntegerProblem } from './rules';
import { didYouMean } from './suggest';

const STRATEGIES: readonly string[] = Object.values(DeliveryStrategy);
const KEYS: Readonly<Record<string, readonly string[]>> = {
  [DeliveryStrategy.ROLLING_UPDATE]: ['strategy'],
  [DeliveryStrategy.CANARY]: ['strategy', 'steps', 'pauseMinutes'],
  [DeliveryStrategy.BLUE_GREEN]: ['strategy', 'previewHost'],
};
/** A day: a longer pause is surely a unit mistake (pauseMinutes is in minutes). */
const MAX_PAUSE_MINUTES = 24 * 60;
const HTTP_SMOKE_KEYS = ['path', 'expectStatus', 'port'];
const COMMAND_SMOKE_KEYS = ['command', 'image'];

/** What is wrong with an app's `delivery` and `smoke` on their own (the cluster's Rollouts are checked at resolve). */
export function deliveryProblems(spec: AppSpec): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string | undefined): void => {
    if (problem !== undefined) problems.push({ field, problem });
  };
  const delivery = spec.delivery as Record<string, unknown> | undefined;
  if (delivery !== undefined) {
    const strategy = delivery.strategy;
    if (typeof strategy !== 'string' || !STRATEGIES.includes(strategy)) {
      add(
        'delivery.strategy',
        `${JSON.stringify(strategy)} is not a delivery strategy; use one of ${STRATEGIES.map((s) => `"${s}"`).join(', ')}`,
      );
    } else {
      if (strategy !== DeliveryStrategy.ROLLING_UPDATE && spec.kind !== WorkloadKind.WEB_SERVICE) {
        add(
          'delivery',
          `${strategy} delivery shifts a Service's traffic; only web services have one, and this app is a ${spec.kind} (remove delivery)`,
        );
      }
      const known = KEYS[strategy]!;
      for (const key of Object.keys(delivery)) {
        if (!known.includes(key)) {
          add(
            `delivery.${key}`,
            `not a field of the ${strategy} strategy${didYouMean(key, known)}; its fields: ${known.join(', ')}`,
          );
        }
      }
      if (strategy === DeliveryStrategy.CANARY) canaryProblems(delivery, add);
      if (
        strategy === DeliveryStrategy.BLUE_GREEN &&
        delivery.previewHost !== undefined &&
        spec.ingress === undefined
      ) {
        add(
          'delivery.previewHost',
          'a preview host shares the public route of the app (path, load balancer); set ingress too, or leave previewHost out',
        );
      }
      if (strategy === DeliveryStrategy.BLUE_GREEN && delivery.previewHost !== undefined) {
        add(
          'delivery.previewHost',
          typeof delivery.previewHost === 'string'
            ? hostnameProblem(delivery.previewHost)
            : `${JSON.stringify(delivery.previewHost)} is not a host name`,
        );
      }
    }
  }
  smokeProblems(spec, add);
  return problems;
}

function canaryProblems(delivery: Record<string, unknown>, add: (field: string, problem?: string) => void): void {
  const steps = delivery.steps;
  if (steps !== undefined) {
    const example = 'for example [10, 50, 100]';
    if (!Array.isArray(steps) || steps.length === 0) {
      add('delivery.steps', `${JSON.stringify(steps)} must be a list of traffic percentages, ${example}`);
    } else {
      steps.forEach((step: unknown, index) => {
        if (typeof step !== 'number' || !Number.isInteger(step) || step < 1 || step > 100) {
          add(`delivery.steps[${index}]`, `${JSON.stringify(step)} must be a whole percentage from 1 to 100`);
        } else if (index > 0 && typeof steps[index - 1] === 'number' && step <= (steps[index - 1] as number)) {
          add(
            `delivery.steps[${index}]`,
            `${step} does not increase on the step before (${steps[index - 1]}); steps must increase strictly, ${example}`,
          );
        }
      });
      if (steps.at(-1) !== 100) {
        add(
          'delivery.steps',
          `the last step must be 100 (the new version takes all the traffic), got ${JSON.stringify(steps.at(-1))}; ${example}`,
        );
      }
    }
  }
  const pause = delivery.pauseMinutes;
  if (pause !== undefined) add('delivery.pauseMinutes', positiveIntegerProblem(pause, 0, MAX_PAUSE_MINUTES));
}

function smokeProblems(spec: AppSpec, add: (field: string, problem?: string) => void): void {
  const smoke = spec.smoke as Record<string, unknown> | undefined;
  if (smoke === undefined) return;
  if (spec.kind === WorkloadKind.CRON_JOB) {
    add('smoke', 'a cron job runs to completion on its own schedule; smoke tests are for long-running apps');
    return;
  }
  const http = 'path' in smoke;
  const command = 'command' in smoke || 'image' in smoke;
  if (http === command) {
    add(
      'smoke',
      'give either an HTTP check { path: "/healthz", expectStatus: 200 } or a command { command: ["npm", "run", "smoke"], image: "<image>" }',
    );
    return;
  }
  const known = http ? HTTP_SMOKE_KEYS : COMMAND_SMOKE_KEYS;
  for (const key of Object.keys(smoke)) {
    if (!known.includes(key))
      add(`smoke.${key}`, `unknown field${didYouMean(key, known)}; this kind of smoke test has: ${known.join(', ')}`);
  }
  if (http) {
    if (spec.kind !== WorkloadKind.WEB_SERVICE) {
      add('smoke.path', `an HTTP smoke test calls the app's Service; this app is a ${spec.kind} (use a command)`);
    }
    if (typeof smoke.path !== 'string' || !smoke.path.startsWith('/')) {
      add('smoke.path', `${JSON.stringify(smoke.path)} must be a path starting with "/"`);
    }
    const status = smoke.expectStatus;
    if (
      status !== undefined &&
      (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    ) {
      add('smoke.expectStatus', `${JSON.stringify(status)} is not an HTTP status code (100-599)`);
    }
    const port = smoke.port;
    if (port !== undefined && !(spec.ports ?? []).some((p) => p.name === port)) {
      add(
        'smoke.port',
        `no port named ${JSON.stringify(port)}; the app's ports are: ${(spec.ports ?? []).map((p) => p.name).join(', ') || 'none'}`,
      );
    }
    return;
  }
  const list = smoke.command;
  if (!Array.isArray(list) || list.length === 0 || !list.every((part) => typeof part === 'string' && part !== '')) {
    add(
      'smoke.command',
      `${JSON.stringify(list)} must be a non-empty list of arguments, for example ["npm", "run", "smoke"]`,
    );
  }
  if (typeof smoke.image !== 'string' || !/^[a-z0-9]+([._/:@-][a-zA-Z0-9]+)*$/.test(smoke.image)) {
    add(
      'smoke.image',
      `${JSON.stringify(smoke.image)} is not an image reference (for example "ghcr.io/acme/smoke:1.2.0")`,
    );
  }
}
