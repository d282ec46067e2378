import { asArray, asRecord, getIn } from '../../kube-object';
import { containerContext, type PssControl } from './pss-control';

/**
 * The Pod Security Standards "baseline" controls, one per upstream pod-security-admission check
 * (k8s.io/pod-security-admission/policy/check_*.go), for the current policy version.
 */

export const hostNamespaces: PssControl = {
  id: 'pss-host-namespaces',
  level: 'baseline',
  rationale: 'no hostNetwork, hostPID or hostIPC',
  check({ spec, specPath }, report) {
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (spec[field] === true) report([...specPath, field], `${field} is true`, `${field}: false (or unset)`);
    }
  },
};

export const privileged: PssControl = {
  id: 'pss-privileged',
  level: 'baseline',
  rationale: 'no privileged containers',
  check({ containers }, report) {
    for (const container of containers) {
      const { context, at } = containerContext(container);
      if (context.privileged === true) {
        report([...at, 'privileged'], `container "${container.name}" is privileged`, 'privileged: false (or unset)');
      }
    }
  },
};

/** Capabilities a container may add under baseline (the container runtimes' default set). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export const capabilitiesBaseline: PssControl = {
  id: 'pss-capabilities-baseline',
  level: 'baseline',
  rationale: 'only the default capabilities may be added',
  check({ containers }, report) {
    for (const container of containers) {
      const { context, at } = containerContext(container);
      asArray(asRecord(context.capabilities).add).forEach((capability, index) => {
        if (!BASELINE_CAPABILITIES.has(String(capability))) {
          report(
            [...at, 'capabilities', 'add', index],
            `container "${container.name}" adds capability ${String(capability)}`,
            `only: ${[...BASELINE_CAPABILITIES].join(', ')}`,
          );
        }
      });
    }
  },
};

export const hostPathVolumes: PssControl = {
  id: 'pss-host-path-volumes',
  level: 'baseline',
  rationale: 'no hostPath volumes',
  check({ spec, specPath }, report) {
    asArray(spec.volumes).forEach((volume, index) => {
      if (asRecord(volume).hostPath !== undefined) {
        report([...specPath, 'volumes', index, 'hostPath'], 'hostPath volume', 'no hostPath volumes');
      }
    });
  },
};

export const hostPorts: PssControl = {
  id: 'pss-host-ports',
  level: 'baseline',
  rationale: 'no host ports',
  check({ containers }, report) {
    for (const { container, path, name } of containers) {
      asArray(container.ports).forEach((port, index) => {
        const hostPort = asRecord(port).hostPort;
        if (hostPort !== undefined && hostPort !== 0) {
          report(
            [...path, 'ports', index, 'hostPort'],
            `container "${name}" uses host port ${String(hostPort)}`,
            'no hostPort (or 0)',
          );
        }
      });
    }
  },
};

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';
const APPARMOR_TYPES = new Set(['RuntimeDefault', 'Localhost']);

export const appArmor: PssControl = {
  id: 'pss-apparmor',
  level: 'baseline',
  rationale: 'AppArmor is not disabled (profile RuntimeDefault or Localhost)',
  check({ template, specPath, podContext, containers }, report) {
    const podType = getIn(podContext, ['appArmorProfile', 'type']);
    if (podType !== undefined && !APPARMOR_TYPES.has(String(podType))) {
      report(
        [...specPath, 'securityContext', 'appArmorProfile', 'type'],
        `AppArmor profile ${String(podType)}`,
        'RuntimeDefault or Localhost (or unset)',
      );
    }
    for (const container of containers) {
      const { context, at } = containerContext(container);
      const type = getIn(context, ['appArmorProfile', 'type']);
      if (type !== undefined && !APPARMOR_TYPES.has(String(type))) {
        report(
          [...at, 'appArmorProfile', 'type'],
          `container "${container.name}" has AppArmor profile ${String(type)}`,
          'RuntimeDefault or Localhost (or unset)',
        );
      }
    }
    const metadataPath = specPath.slice(0, -1);
    const annotations = asRecord(getIn(template.document.object, [...metadataPath, 'metadata', 'annotations']));
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(APPARMOR_ANNOTATION)) continue;
      if (value !== 'runtime/default' && !String(value).startsWith('localhost/')) {
        report(
          [...metadataPath, 'metadata', 'annotations', key],
          `AppArmor annotation is ${JSON.stringify(value)}`,
          'runtime/default or localhost/<profile>',
        );
      }
    }
  },
};

const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

export const seLinux: PssControl = {
  id: 'pss-selinux',
  level: 'baseline',
  rationale: 'no custom SELinux user or role, and only the container SELinux types',
  check({ specPath, podContext, containers }, report) {
    const contexts = [
      {
        options: asRecord(podContext.seLinuxOptions),
        at: [...specPath, 'securityContext', 'seLinuxOptions'],
        who: 'pod',
      },
      ...containers.map((container) => {
        const { context, at } = containerContext(container);
        return {
          options: asRecord(context.seLinuxOptions),
          at: [...at, 'seLinuxOptions'],
          who: `container "${container.name}"`,
        };
      }),
    ];
    for (const { options, at, who } of contexts) {
      if (options.type !== undefined && !SELINUX_TYPES.has(String(options.type))) {
        report(
          [...at, 'type'],
          `${who} sets SELinux type ${String(options.type)}`,
          `one of: ${[...SELINUX_TYPES].filter(Boolean).join(', ')} (or unset)`,
        );
      }
      for (const field of ['user', 'role']) {
        if (options[field] !== undefined && options[field] !== '') {
          report([...at, field], `${who} sets SELinux ${field} ${String(options[field])}`, `no SELinux ${field}`);
        }
      }
    }
  },
};

export const procMount: PssControl = {
  id: 'pss-proc-mount',
  level: 'baseline',
  rationale: 'the default /proc mount (masked paths kept)',
  check({ containers }, report) {
    for (const container of containers) {
      const { context, at } = containerContext(container);
      if (context.procMount !== undefined && context.procMount !== 'Default') {
        report(
          [...at, 'procMount'],
          `container "${container.name}" sets procMount ${String(context.procMount)}`,
          'procMount: Default (or unset)',
        );
      }
    }
  },
};

export const seccompBaseline: PssControl = {
  id: 'pss-seccomp-baseline',
  level: 'baseline',
  rationale: 'seccomp is not Unconfined',
  check({ specPath, podContext, containers }, report) {
    if (getIn(podContext, ['seccompProfile', 'type']) === 'Unconfined') {
      report(
        [...specPath, 'securityContext', 'seccompProfile', 'type'],
        'pod seccomp profile is Unconfined',
        'RuntimeDefault or Localhost',
      );
    }
    for (const container of containers) {
      const { context, at } = containerContext(container);
      if (getIn(context, ['seccompProfile', 'type']) === 'Unconfined') {
        report(
          [...at, 'seccompProfile', 'type'],
          `container "${container.name}" seccomp profile is Unconfined`,
          'RuntimeDefault or Localhost',
        );
      }
    }
  },
};

/** Sysctls the kubelet counts as safe (namespaced and isolated), as pod-security-admission allows them. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

export const sysctls: PssControl = {
  id: 'pss-sysctls',
  level: 'baseline',
  rationale: 'only safe sysctls',
  check({ specPath, podContext }, report) {
    asArray(podContext.sysctls).forEach((sysctl, index) => {
      const name = String(asRecord(sysctl).name);
      if (!SAFE_SYSCTLS.has(name)) {
        report(
          [...specPath, 'securityContext', 'sysctls', index, 'name'],
          `unsafe sysctl ${name}`,
          `one of: ${[...SAFE_SYSCTLS].join(', ')}`,
        );
      }
    });
  },
};

export const hostProcess: PssControl = {
  id: 'pss-host-process',
  level: 'baseline',
  rationale: 'no Windows HostProcess containers',
  check({ specPath, podContext, containers }, report) {
    if (getIn(podContext, ['windowsOptions', 'hostProcess']) === true) {
      report(
        [...specPath, 'securityContext', 'windowsOptions', 'hostProcess'],
        'pod runs as a Windows HostProcess',
        'hostProcess: false (or unset)',
      );
    }
    for (const container of containers) {
      const { context, at } = containerContext(container);
      if (getIn(context, ['windowsOptions', 'hostProcess']) === true) {
        report(
          [...at, 'windowsOptions', 'hostProcess'],
          `container "${container.name}" is a Windows HostProcess container`,
          'hostProcess: false (or unset)',
        );
      }
    }
  },
};

export const BASELINE_CONTROLS: readonly PssControl[] = [
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  appArmor,
  seLinux,
  procMount,
  seccompBaseline,
  sysctls,
  hostProcess,
];
