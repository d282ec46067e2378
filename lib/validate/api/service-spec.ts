import { isIP } from 'node:net';
import type { PathSegments } from '../json-path';
import { findingAt } from '../load-documents';
import { annotationsOf, apiVersionOf, asArray, asRecord, kindOf } from '../kube-object';
import type { Rule } from '../rule';
import type { Finding, ManifestDocument } from '../types';
import { dns1123Subdomain, qualifiedName } from './name-syntax';

type Add = (path: PathSegments, message: string, expected: string) => void;

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
/** At most a day (core.MaxClientIPServiceAffinitySeconds). */
const MAX_AFFINITY_SECONDS = 86_400;
/**
 * The API server's default --service-node-port-range. EKS does not let anyone change it, and kind and k3d keep
 * the default, so an explicit nodePort outside it fails at allocation ("provided port is not in the valid range").
 */
export const NODE_PORT_RANGE = { min: 30_000, max: 32_767 } as const;
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/** trafficDistribution values per version: PreferSameZone and PreferSameNode come with 1.34 (beta, on by default). */
function trafficDistributions(kubernetesVersion: string): string[] {
  const minor = Number(kubernetesVersion.split('.')[1] ?? 0);
  return minor >= 34 ? ['PreferClose', 'PreferSameNode', 'PreferSameZone'] : ['PreferClose'];
}

/** IP family of an address as the API server parses it (ParseIPSloppy: IPv4 octets may have leading zeros). */
function ipFamily(value: string): 4 | 6 | 0 {
  if (/^[0-9]{1,3}(\.[0-9]{1,3}){3}$/.test(value))
    return value.split('.').every((octet) => Number(octet) <= 255) ? 4 : 0;
  return isIP(value) === 6 ? 6 : 0;
}

function isCidr(value: string): boolean {
  const [address = '', bits, ...rest] = value.split('/');
  if (bits === undefined || rest.length > 0 || !/^[0-9]{1,3}$/.test(bits)) return false;
  const family = ipFamily(address);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

const strings = (value: unknown): string[] => asArray(value).filter((item): item is string => typeof item === 'string');

function notSupported(add: Add, path: PathSegments, field: string, value: unknown, allowed: readonly string[]): void {
  add(path, `${field} ${JSON.stringify(value)} is not supported`, `one of: ${allowed.join(', ')}`);
}

/** ValidateServiceClusterIPsRelatedFields, for every type but ExternalName. */
function checkClusterIPs(spec: Record<string, unknown>, add: Add): void {
  const clusterIP = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  const clusterIPs = strings(spec.clusterIPs);
  // The registry copies clusterIP into an empty clusterIPs (and back), so only a contradiction is an error.
  if (clusterIP !== '' && clusterIPs.length > 0 && clusterIPs[0] !== clusterIP)
    add(
      ['spec', 'clusterIPs'],
      `clusterIPs ${JSON.stringify(clusterIPs)}: first value must match clusterIP ${JSON.stringify(clusterIP)}`,
      `clusterIPs starting with ${clusterIP}`,
    );
  const field = clusterIPs.length > 0 ? 'clusterIPs' : 'clusterIP';
  const ips = clusterIPs.length > 0 ? clusterIPs : clusterIP === '' ? [] : [clusterIP];
  let invalid = false;
  ips.forEach((ip, index) => {
    const path = field === 'clusterIPs' ? ['spec', 'clusterIPs', index] : ['spec', 'clusterIP'];
    if (ip === 'None') {
      if (index > 0 || ips.length > 1) {
        invalid = true;
        add(
          path,
          `${field} ${JSON.stringify(ips)}: 'None' must be the first and only value`,
          '"None" alone, or IP addresses',
        );
      }
    } else if (ipFamily(ip) === 0) {
      invalid = true;
      add(
        path,
        `${field} ${JSON.stringify(ip)} must be a valid IP address`,
        'an IPv4 or IPv6 address, "None" or empty',
      );
    }
  });
  if (ips.length > 2)
    add(
      ['spec', 'clusterIPs'],
      `clusterIPs ${JSON.stringify(ips)} may only hold up to 2 values`,
      'one IP, or one IPv4 and one IPv6',
    );
  else if (!invalid && ips.length === 2 && ipFamily(ips[0] ?? '') === ipFamily(ips[1] ?? ''))
    add(
      ['spec', 'clusterIPs'],
      `clusterIPs ${JSON.stringify(ips)} may specify no more than one IP for each IP family`,
      'one IPv4 and one IPv6 address',
    );
  const families = strings(spec.ipFamilies);
  families.forEach((family, index) => {
    if (!IP_FAMILIES.includes(family))
      notSupported(add, ['spec', 'ipFamilies', index], 'ipFamily', family, IP_FAMILIES);
    if (families.indexOf(family) !== index)
      add(
        ['spec', 'ipFamilies', index],
        `ipFamily ${JSON.stringify(family)} is listed twice`,
        'each family at most once',
      );
  });
  if (typeof spec.ipFamilyPolicy === 'string' && !IP_FAMILY_POLICIES.includes(spec.ipFamilyPolicy))
    notSupported(add, ['spec', 'ipFamilyPolicy'], 'ipFamilyPolicy', spec.ipFamilyPolicy, IP_FAMILY_POLICIES);
  const headless = ips.length === 1 && ips[0] === 'None';
  if (!invalid && !headless)
    ips.forEach((ip, index) => {
      const family = families[index];
      const actual = ipFamily(ip) === 6 ? 'IPv6' : 'IPv4';
      if (family !== undefined && IP_FAMILIES.includes(family) && family !== actual)
        add(
          field === 'clusterIPs' ? ['spec', 'clusterIPs', index] : ['spec', 'clusterIP'],
          `${ip} is an ${actual} address but ipFamilies[${index}] is ${family}`,
          `an ${family} address`,
        );
    });
}

function checkExternalName(spec: Record<string, unknown>, add: Add): void {
  for (const field of ['clusterIP', 'clusterIPs'] as const) {
    const value = spec[field];
    if ((typeof value === 'string' && value !== '') || (Array.isArray(value) && value.length > 0))
      add(
        ['spec', field],
        `${field} may not be set for ExternalName services`,
        `no ${field} (an ExternalName Service is only a DNS CNAME)`,
      );
  }
  if (asArray(spec.ipFamilies).length > 0)
    add(['spec', 'ipFamilies'], 'ipFamilies may not be set for ExternalName services', 'no ipFamilies');
  if (spec.ipFamilyPolicy !== undefined)
    add(['spec', 'ipFamilyPolicy'], 'ipFamilyPolicy may not be set for ExternalName services', 'no ipFamilyPolicy');
  const name = typeof spec.externalName === 'string' ? spec.externalName.replace(/\.$/, '') : '';
  if (name === '')
    add(
      ['spec', 'externalName'],
      'an ExternalName Service needs spec.externalName',
      'the DNS name the Service is a CNAME for',
    );
  else {
    const problems = dns1123Subdomain(name);
    if (problems.length > 0)
      add(
        ['spec', 'externalName'],
        `externalName ${JSON.stringify(spec.externalName)}: ${problems.join('; ')}`,
        'a DNS-1123 subdomain (a trailing dot is allowed)',
      );
  }
}

function checkPorts(spec: Record<string, unknown>, type: string, add: Add): void {
  const nodePorts = new Map<string, number>();
  asArray(spec.ports).forEach((raw, index) => {
    const port = asRecord(raw);
    const at = ['spec', 'ports', index];
    if (typeof port.appProtocol === 'string') {
      const problems = qualifiedName(port.appProtocol);
      if (problems.length > 0)
        add(
          [...at, 'appProtocol'],
          `appProtocol ${JSON.stringify(port.appProtocol)}: ${problems.join('; ')}`,
          'an IANA service name or a prefixed name such as kubernetes.io/h2c',
        );
    }
    const nodePort = port.nodePort;
    if (typeof nodePort !== 'number' || nodePort === 0) return;
    if (type === 'ClusterIP') {
      add(
        [...at, 'nodePort'],
        "nodePort may not be used when `type` is 'ClusterIP'",
        'type NodePort or LoadBalancer, or no nodePort',
      );
      return;
    }
    if (
      (type === 'NodePort' || type === 'LoadBalancer') &&
      (nodePort < NODE_PORT_RANGE.min || nodePort > NODE_PORT_RANGE.max)
    )
      add(
        [...at, 'nodePort'],
        `nodePort ${nodePort} is not in the cluster's node port range`,
        `a port from ${NODE_PORT_RANGE.min} to ${NODE_PORT_RANGE.max} (the API server's service-node-port-range), or none to get one assigned`,
      );
    const key = `${typeof port.protocol === 'string' ? port.protocol : 'TCP'}/${nodePort}`;
    const first = nodePorts.get(key);
    if (first !== undefined)
      add(
        [...at, 'nodePort'],
        `nodePort ${key} is already used by ports[${first}]`,
        'a distinct nodePort per protocol',
      );
    else nodePorts.set(key, index);
  });
}

function checkTraffic(
  document: ManifestDocument,
  spec: Record<string, unknown>,
  type: string,
  version: string,
  add: Add,
): void {
  const affinity = spec.sessionAffinity ?? 'None';
  if (typeof affinity === 'string' && !AFFINITIES.includes(affinity))
    notSupported(add, ['spec', 'sessionAffinity'], 'sessionAffinity', affinity, AFFINITIES);
  const timeout = asRecord(asRecord(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
  if (affinity === 'None' && spec.sessionAffinityConfig !== undefined)
    add(
      ['spec', 'sessionAffinityConfig'],
      'sessionAffinityConfig must not be set when session affinity is None',
      'sessionAffinity: ClientIP, or no sessionAffinityConfig',
    );
  if (affinity === 'ClientIP' && typeof timeout === 'number' && (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS))
    add(
      ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'],
      `timeoutSeconds ${timeout} must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`,
      `1 to ${MAX_AFFINITY_SECONDS} seconds`,
    );
  const externalIPs = strings(spec.externalIPs);
  externalIPs.forEach((ip, index) => {
    if (ipFamily(ip) === 0)
      add(
        ['spec', 'externalIPs', index],
        `externalIP ${JSON.stringify(ip)} must be a valid IP address`,
        'an IPv4 or IPv6 address',
      );
  });
  const loadBalancer = type === 'LoadBalancer';
  const ranges = strings(spec.loadBalancerSourceRanges);
  if (ranges.length > 0) {
    if (!loadBalancer)
      add(
        ['spec', 'loadBalancerSourceRanges'],
        "loadBalancerSourceRanges may only be used when `type` is 'LoadBalancer'",
        'type LoadBalancer, or no source ranges',
      );
    ranges.forEach((range, index) => {
      if (!isCidr(range.trim()))
        add(
          ['spec', 'loadBalancerSourceRanges', index],
          `${JSON.stringify(range)} must be a valid CIDR`,
          'a CIDR such as 10.0.0.0/8',
        );
    });
  } else {
    const annotation = annotationsOf(document.object)[SOURCE_RANGES_ANNOTATION];
    if (typeof annotation === 'string') {
      const at = ['metadata', 'annotations', SOURCE_RANGES_ANNOTATION];
      if (!loadBalancer)
        add(
          at,
          "the source ranges annotation may only be used when `type` is 'LoadBalancer'",
          'type LoadBalancer, or no annotation',
        );
      for (const range of annotation.trim() === '' ? [] : annotation.split(','))
        if (!isCidr(range.trim()))
          add(at, `${JSON.stringify(range.trim())} must be a valid CIDR`, 'comma-separated CIDRs');
    }
  }
  for (const field of ['allocateLoadBalancerNodePorts', 'loadBalancerClass'] as const) {
    if (spec[field] !== undefined && !loadBalancer)
      add(
        ['spec', field],
        `${field} may only be used when \`type\` is 'LoadBalancer'`,
        `type LoadBalancer, or no ${field}`,
      );
  }
  if (loadBalancer && typeof spec.loadBalancerClass === 'string') {
    const problems = qualifiedName(spec.loadBalancerClass);
    if (problems.length > 0)
      add(
        ['spec', 'loadBalancerClass'],
        `loadBalancerClass ${JSON.stringify(spec.loadBalancerClass)}: ${problems.join('; ')}`,
        'a qualified name such as service.k8s.aws/nlb',
      );
  }
  const accessible = loadBalancer || type === 'NodePort' || (type === 'ClusterIP' && externalIPs.length > 0);
  const external = spec.externalTrafficPolicy;
  if (typeof external === 'string' && external !== '') {
    if (!accessible)
      add(
        ['spec', 'externalTrafficPolicy'],
        `externalTrafficPolicy ${JSON.stringify(external)} may only be set for externally-accessible services`,
        'type NodePort or LoadBalancer (or externalIPs), or no externalTrafficPolicy',
      );
    else if (!TRAFFIC_POLICIES.includes(external))
      notSupported(add, ['spec', 'externalTrafficPolicy'], 'externalTrafficPolicy', external, TRAFFIC_POLICIES);
  }
  const health = spec.healthCheckNodePort;
  if (typeof health === 'number' && health !== 0) {
    if (!loadBalancer || external !== 'Local')
      add(
        ['spec', 'healthCheckNodePort'],
        "healthCheckNodePort may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        'no healthCheckNodePort',
      );
    else if (health < NODE_PORT_RANGE.min || health > NODE_PORT_RANGE.max)
      add(
        ['spec', 'healthCheckNodePort'],
        `healthCheckNodePort ${health} is not in the cluster's node port range`,
        `a port from ${NODE_PORT_RANGE.min} to ${NODE_PORT_RANGE.max}, or none to get one assigned`,
      );
  }
  if (typeof spec.internalTrafficPolicy === 'string' && !TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy))
    notSupported(
      add,
      ['spec', 'internalTrafficPolicy'],
      'internalTrafficPolicy',
      spec.internalTrafficPolicy,
      TRAFFIC_POLICIES,
    );
  const distributions = trafficDistributions(version);
  if (typeof spec.trafficDistribution === 'string' && !distributions.includes(spec.trafficDistribution))
    notSupported(
      add,
      ['spec', 'trafficDistribution'],
      `trafficDistribution (Kubernetes ${version})`,
      spec.trafficDistribution,
      distributions,
    );
}

function checkService(document: ManifestDocument, version: string, add: Add): void {
  const spec = asRecord(document.object.spec);
  const type = spec.type ?? 'ClusterIP';
  if (typeof type !== 'string') return; // the schema reports the type
  if (!TYPES.includes(type)) notSupported(add, ['spec', 'type'], 'type', type, TYPES);
  const clusterIPs = strings(spec.clusterIPs);
  const ips =
    clusterIPs.length > 0
      ? clusterIPs
      : typeof spec.clusterIP === 'string' && spec.clusterIP !== ''
        ? [spec.clusterIP]
        : [];
  const headless = ips.length === 1 && ips[0] === 'None';
  if (asArray(spec.ports).length === 0 && !headless && type !== 'ExternalName')
    add(
      ['spec', 'ports'],
      `a ${type} Service needs at least one port`,
      'ports, or clusterIP: None for a headless Service without ports',
    );
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless)
    add(
      clusterIPs.length > 0 ? ['spec', 'clusterIPs', 0] : ['spec', 'clusterIP'],
      `clusterIP may not be set to 'None' for ${type} services`,
      'type ClusterIP for a headless Service, or no clusterIP',
    );
  if (type === 'ExternalName') checkExternalName(spec, add);
  else checkClusterIPs(spec, add);
  checkPorts(spec, type, add);
  checkTraffic(document, spec, type, version, add);
}

/**
 * Service fields agree with each other and with the type, as the API server checks them after defaulting
 * (core/validation ValidateService): ports, clusterIP "None" vs type, ExternalName, nodePorts, affinity and
 * traffic policies. Port numbers and names are api-ports; (port, protocol) uniqueness is api-list-map-keys.
 */
export const serviceSpec: Rule = {
  id: 'api-service',
  category: 'api',
  rationale:
    'The API server rejects a Service whose fields contradict its type (a headless NodePort, an ExternalName with a clusterIP, a nodePort on a ClusterIP Service) or whose values it does not support.',
  check({ cluster, documents }) {
    const findings: Finding[] = [];
    for (const document of documents) {
      if (kindOf(document.object) !== 'Service' || apiVersionOf(document.object) !== 'v1') continue;
      checkService(document, cluster.kubernetesVersion, (path, message, expected) =>
        findings.push(findingAt(document, 'api-service', path, message, expected)),
      );
    }
    return findings;
  },
};
