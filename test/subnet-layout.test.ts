import { describe, expect, it } from 'vitest';
import { cidrSubnet, subnetLayout } from '../lib/subnet-layout';

describe('cidrSubnet', () => {
  it('splits a /16 like Terraform cidrsubnet', () => {
    expect(cidrSubnet('10.20.0.0/16', 2, 0)).toBe('10.20.0.0/18');
    expect(cidrSubnet('10.20.0.0/16', 2, 2)).toBe('10.20.128.0/18');
    expect(cidrSubnet('10.20.0.0/16', 6, 48)).toBe('10.20.192.0/22');
    expect(cidrSubnet('10.20.0.0/16', 6, 54)).toBe('10.20.216.0/22');
  });

  it('works from a /20 too', () => {
    expect(cidrSubnet('172.16.16.0/20', 2, 1)).toBe('172.16.20.0/22');
  });

  it('rejects a block that does not fit', () => {
    expect(() => cidrSubnet('10.0.0.0/16', 2, 4)).toThrow('cannot take block 4 of /18 from 10.0.0.0/16');
  });

  it('rejects what is not a CIDR block', () => {
    expect(() => cidrSubnet('10.0.0/16', 2, 0)).toThrow('"10.0.0/16" is not an IPv4 CIDR block');
  });
});

describe('subnetLayout', () => {
  it('gives pods a quarter of the VPC per zone and load balancers and databases small public and isolated subnets', () => {
    expect(subnetLayout('10.30.0.0/16')).toEqual({
      private: ['10.30.0.0/18', '10.30.64.0/18', '10.30.128.0/18'],
      public: ['10.30.192.0/22', '10.30.196.0/22', '10.30.200.0/22'],
      database: ['10.30.208.0/22', '10.30.212.0/22', '10.30.216.0/22'],
    });
  });
});
