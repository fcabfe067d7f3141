/** Paths of the fixtures copied from the reference corpus, so tests run on a fresh clone. */
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const THT_MASTER = `${FIXTURES}tht-master`;
export const GOLDEN = `${FIXTURES}golden`;

/** The three reference renders: the golden folder name and the -r/-n used to make it. */
export const GOLDEN_CASES = [
  { name: 'tht-master-default', rolesData: 'roles_data.yaml', networkData: 'network_data.yaml' },
  { name: 'tht-master-allroles', rolesData: `${FIXTURES}roles_data_all.yaml`, networkData: 'network_data.yaml' },
  { name: 'tht-master-routed', rolesData: 'roles_data.yaml', networkData: 'network_data_routed.yaml' },
] as const;
