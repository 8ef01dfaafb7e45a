// Permission sets scoped to Projects: a FullAccess/ReadOnly pair per product, plus a few finer sets.
// Names and descriptions follow Scaleway's published list; the triples are this product's vocabulary.
import { allow, definePermissionSet as set, everything, fullAccess, readOnly, type PermissionSet } from './permissionSet.js'

interface Product {
  /** Set-name prefix: `<prefix>FullAccess`, `<prefix>ReadOnly`. */
  prefix: string
  service: string
  category: string
  /** What the product is called in descriptions. */
  title: string
}

const PRODUCTS: Product[] = [
  { prefix: 'Instances', service: 'instance', category: 'Compute', title: 'Instances' },
  { prefix: 'ElasticMetal', service: 'baremetal', category: 'Bare Metal', title: 'Elastic Metal' },
  { prefix: 'AppleSilicon', service: 'applesilicon', category: 'Bare Metal', title: 'Apple silicon' },
  { prefix: 'ObjectStorage', service: 'object_storage', category: 'Storage', title: 'Object Storage' },
  { prefix: 'BlockStorage', service: 'block', category: 'Storage', title: 'Block Storage' },
  { prefix: 'ContainerRegistry', service: 'registry', category: 'Containers', title: 'Container Registry' },
  { prefix: 'VPC', service: 'vpc', category: 'Network', title: 'VPC' },
  { prefix: 'IPAM', service: 'ipam', category: 'Network', title: 'IPAM' },
  { prefix: 'VPCGateway', service: 'vpc_gw', category: 'Network', title: 'Public Gateways' },
  { prefix: 'LoadBalancers', service: 'lb', category: 'Network', title: 'Load Balancers' },
  { prefix: 'Kubernetes', service: 'k8s', category: 'Containers', title: 'Kubernetes' },
  { prefix: 'Functions', service: 'functions', category: 'Serverless', title: 'Functions' },
  { prefix: 'Containers', service: 'containers', category: 'Serverless', title: 'Containers' },
  { prefix: 'ServerlessJobs', service: 'jobs', category: 'Serverless', title: 'job definitions and runs' },
  { prefix: 'RelationalDatabases', service: 'rdb', category: 'Databases', title: 'Managed Database for PostgreSQL and MySQL' },
  { prefix: 'Redis', service: 'redis', category: 'Databases', title: 'Managed Database for Redis™' },
  { prefix: 'MongoDB', service: 'mongodb', category: 'Databases', title: 'MongoDB® databases' },
  { prefix: 'MessagingAndQueuing', service: 'mnq', category: 'Integration Services', title: 'Messaging and Queuing' },
  { prefix: 'DomainsDNS', service: 'domain', category: 'Domains & Web Hosting', title: 'Domains and DNS' },
  { prefix: 'WebHosting', service: 'webhosting', category: 'Domains & Web Hosting', title: 'Web Hosting' },
  { prefix: 'TransactionalEmail', service: 'tem', category: 'Domains & Web Hosting', title: 'Transactional Email' },
  { prefix: 'Observability', service: 'cockpit', category: 'Monitoring', title: 'Observability (Cockpit)' },
  { prefix: 'KeyManager', service: 'key_manager', category: 'Security & Identity', title: 'Key Manager' },
  { prefix: 'Inference', service: 'inference', category: 'AI', title: 'Managed Inference deployments' },
]

const pair = ({ prefix, service, category, title }: Product): PermissionSet[] => [
  set({
    name: `${prefix}FullAccess`,
    scopeType: 'projects',
    categories: [category],
    description: `Full access to create, read, list, edit and delete ${title}`,
    permissions: [everything(service)],
  }),
  set({
    name: `${prefix}ReadOnly`,
    scopeType: 'projects',
    categories: [category],
    description: `List and read access to ${title}`,
    permissions: readOnly(service),
  }),
]

const SECURITY = ['Security & Identity']

/** Secret Manager keeps secret data (versions) apart from metadata, so its read-only set cannot read it. */
const secretManagerSets: PermissionSet[] = [
  set({
    name: 'SecretManagerFullAccess',
    scopeType: 'projects',
    categories: SECURITY,
    description: 'Full access to create, read, list, edit, access, and delete secrets and their versions in Secret Manager',
    permissions: [everything('secret_manager')],
  }),
  set({
    name: 'SecretManagerReadOnly',
    scopeType: 'projects',
    categories: SECURITY,
    description:
      "List and read secrets' metadata (name, tags, creation date, etc.). Does not include permissions for data (versions) accessing or editing",
    permissions: [...readOnly('secret_manager', 'secrets'), ...allow('secret_manager', 'versions', 'list')],
  }),
  set({
    name: 'SecretManagerSecretAccess',
    scopeType: 'projects',
    categories: SECURITY,
    description: "Read access to versions' data in Secret Manager. Does not include permissions for data editing",
    permissions: allow('secret_manager', 'versions', 'read'),
  }),
]

const sshKeySets: PermissionSet[] = [
  set({
    name: 'SSHKeysFullAccess',
    scopeType: 'projects',
    categories: ['Compute'],
    description: 'Full access to SSH keys',
    permissions: fullAccess('iam', 'ssh_keys'),
  }),
  set({
    name: 'SSHKeysReadOnly',
    scopeType: 'projects',
    categories: ['Compute'],
    description: 'Read access to SSH keys',
    permissions: readOnly('iam', 'ssh_keys'),
  }),
]

const objectStorageFinerSets: PermissionSet[] = [
  set({
    name: 'ObjectStorageBucketsRead',
    scopeType: 'projects',
    categories: ['Storage'],
    description: 'Read access to buckets and bucket configuration including lifecycle rules',
    permissions: readOnly('object_storage', 'buckets'),
  }),
  set({
    name: 'ObjectStorageObjectsRead',
    scopeType: 'projects',
    categories: ['Storage'],
    description: 'Read access to objects, tags, metadata, and storage class',
    permissions: readOnly('object_storage', 'objects'),
  }),
  set({
    name: 'ObjectStorageObjectsWrite',
    scopeType: 'projects',
    categories: ['Storage'],
    description: 'Access to create and edit objects, tags, metadata, and storage class',
    permissions: allow('object_storage', 'objects', 'create', 'write'),
  }),
]

const productServices = [...new Set([...PRODUCTS.map((p) => p.service), 'secret_manager'])]

/** All products: every product service and SSH keys; never IAM, billing or Organization management. */
const allProductsSets: PermissionSet[] = [
  set({
    name: 'AllProductsFullAccess',
    scopeType: 'projects',
    categories: ['All Products'],
    description: 'Full access to create, read, list, edit and delete all resources (products)',
    permissions: [...productServices.map(everything), ...fullAccess('iam', 'ssh_keys')],
  }),
  set({
    name: 'AllProductsReadOnly',
    scopeType: 'projects',
    categories: ['All Products'],
    description: 'Read access to list and read info for all resources (products)',
    permissions: [
      // Secret data stays out of a read-only set, as in SecretManagerReadOnly.
      ...productServices.filter((s) => s !== 'secret_manager').flatMap((service) => readOnly(service)),
      ...readOnly('secret_manager', 'secrets'),
      ...allow('secret_manager', 'versions', 'list'),
      ...readOnly('iam', 'ssh_keys'),
    ],
  }),
]

export const productSets: PermissionSet[] = [
  ...allProductsSets,
  ...PRODUCTS.flatMap(pair),
  ...objectStorageFinerSets,
  ...secretManagerSets,
  ...sshKeySets,
]
