/**
 * TEST-ONLY fault injection: `GITOPS_FAULT=<point>` makes the process kill itself (SIGKILL, as a power cut
 * or `kill -9` would) when it reaches the named write point; `GITOPS_FAULT=<point>:throw` throws an
 * unexpected error there instead (for in-process tests). Never set it outside tests.
 *
 * The points, in the order a writing command passes them:
 * - `locked`: the repository lock is held, nothing is staged yet;
 * - `prepared`: the new content is staged under .cache/gitops/transaction/, no journal yet (not committed);
 * - `committed`: the journal is written (the commit point), no file of the repository changed yet;
 * - `applying`: the first file of the repository is replaced;
 * - `applied`: every file is replaced, the journal is still there.
 */
export const FAULT_POINTS = ['locked', 'prepared', 'committed', 'applying', 'applied'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

/** The environment variable that names the fault point (test-only). */
export const FAULT_VARIABLE = 'GITOPS_FAULT';

/** Calls the fault named by `fault` (the value of GITOPS_FAULT) when it is `point`; otherwise does nothing. */
export function faultAt(point: FaultPoint, fault: string | undefined): void {
  if (fault === undefined || fault === '') return;
  const [name, mode] = fault.split(':');
  if (name !== point) return;
  if (mode === 'throw') throw new Error(`${FAULT_VARIABLE}: injected failure at "${point}"`);
  process.kill(process.pid, 'SIGKILL');
}
