export * from './alb-annotations';
export * from './app-ingress';
export * from './aws-load-balancer-controller-values';
export * from './charts';
export * from './external-dns-values';
export * from './ingress-stack';
