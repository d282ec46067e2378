/** The kind of environment a cluster serves; it decides defaults such as digest pinning and HA. */
export enum Environment {
  STAGING = 'staging',
  PRODUCTION = 'production',
}
