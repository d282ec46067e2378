/**
 * Splits an IPv4 CIDR block the way Terraform's `cidrsubnet` does: `newBits` more prefix bits and the
 * `netNum`-th block of that size. Done here (not with Fn.cidrsubnet) so the synthesized JSON shows the real
 * ranges and tests can assert them.
 */
export function cidrSubnet(base: string, newBits: number, netNum: number): string {
  const [address, prefixText] = base.split('/');
  const prefix = Number(prefixText);
  const octets = (address ?? '').split('.').map(Number);
  if (
    octets.length !== 4 ||
    octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255) ||
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > 32
  ) {
    throw new Error(`"${base}" is not an IPv4 CIDR block such as 10.20.0.0/16`);
  }
  const newPrefix = prefix + newBits;
  if (newPrefix > 32 || netNum < 0 || netNum >= 2 ** newBits) {
    throw new Error(`cannot take block ${netNum} of /${newPrefix} from ${base}`);
  }
  const baseValue = octets.reduce((value, octet) => value * 256 + octet, 0);
  const blockSize = 2 ** (32 - newPrefix);
  const networkValue = baseValue - (baseValue % 2 ** (32 - prefix)) + netNum * blockSize;
  const parts = [24, 16, 8, 0].map((shift) => Math.floor(networkValue / 2 ** shift) % 256);
  return `${parts.join('.')}/${newPrefix}`;
}

/** Availability zones every cluster spans. */
export const ZONE_COUNT = 3;

/** The subnets of a cluster's VPC, one per zone each. */
export interface SubnetLayout {
  /** Nodes and pods (the VPC CNI gives pods addresses here): a quarter of the VPC per zone. */
  readonly private: readonly string[];
  /** Load balancers and NAT gateways. */
  readonly public: readonly string[];
  /** RDS and ElastiCache. */
  readonly database: readonly string[];
}

/**
 * How a VPC CIDR is cut into subnets. Infra creates exactly these and the NetworkPolicies admit load
 * balancers from the public ones only, so both sides must agree: this is the one place that decides.
 */
export function subnetLayout(vpcCidr: string): SubnetLayout {
  const zones = [...Array(ZONE_COUNT).keys()];
  return {
    private: zones.map((zone) => cidrSubnet(vpcCidr, 2, zone)),
    public: zones.map((zone) => cidrSubnet(vpcCidr, 6, 48 + zone)),
    database: zones.map((zone) => cidrSubnet(vpcCidr, 6, 52 + zone)),
  };
}
