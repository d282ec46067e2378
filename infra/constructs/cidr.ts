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
