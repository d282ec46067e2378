import { defineApp, WorkloadKind } from '../../lib';

/** Nightly sales report: aggregates the previous day's orders and mails the finance team. */
export default defineApp({
  name: 'report',
  team: 'storefront',
  kind: WorkloadKind.CRON_JOB,
  imageRepository: 'report',
  schedule: '30 2 * * *',
  args: ['report', '--period=yesterday'],
  resources: { cpuRequestMilli: 250, memoryRequestMi: 256, memoryLimitMi: 512 },
  config: { REPORT_FORMAT: 'csv', LOG_FORMAT: 'json' },
});
