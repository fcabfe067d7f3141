/** `tht networks list|show`: option parsing and printing; the work is in src/roles/networks.ts. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ThtError } from '../../load/errors.js';
import { loadNetworkSummaries, type LoadedNetworkData } from '../../roles/networks.js';
import { networkListText, networkShowText } from '../../roles/report.js';
import { packagePath } from '../../load/package-files.js';
import { dataFilePath, printJson, printSchemaWarnings } from '../data-files.js';
import { io } from '../io.js';

interface NetworksFlags {
  templates?: string;
  networkData?: string;
  json?: boolean;
}

export function registerNetworks(program: Command): void {
  const networks = program.command('networks').description('Show the networks of a network_data.yaml');
  const withSource = (cmd: Command): Command =>
    cmd
      .option('-p, --templates <dir>', 'template tree whose network_data.yaml to read')
      .option('-n, --network-data <file>', 'networks file (relative to the tree with -p; default network_data.yaml)')
      .option('--json', 'print JSON');

  withSource(networks.command('list').description('Every network: enabled, VIP, VLAN, MTU, IP versions, subnets')).action(
    async (flags: NetworksFlags) => {
      const { networks: list } = await load(flags);
      if (flags.json) printJson(list);
      else io.print(networkListText(list));
    },
  );

  withSource(networks.command('show').argument('<name>', 'network name (or name_lower)').description('One network with its subnets, pools, routes, VIP and IPv6 settings')).action(
    async (name: string, flags: NetworksFlags) => {
      const { networks: list } = await load(flags);
      const net = list.find((n) => n.name === name) ?? list.find((n) => n.nameLower === name);
      if (!net) {
        throw new ThtError(`unknown network "${name}"`, { hint: `Networks in the file: ${list.map((n) => n.name).join(', ') || 'none'}.` });
      }
      if (flags.json) printJson(net);
      else io.print(networkShowText(net));
    },
  );
}

async function load(flags: NetworksFlags): Promise<LoadedNetworkData> {
  const file = networkDataPath(flags);
  const loaded = await loadNetworkSummaries(file.path, file.display);
  printSchemaWarnings(loaded.warnings);
  return loaded;
}

/** -n relative to the tree with -p (as `tht render` reads it), else to the working folder; else the bundled tree's file. */
function networkDataPath(flags: NetworksFlags): { path: string; display: string } {
  if (flags.templates !== undefined || flags.networkData !== undefined) {
    return dataFilePath(flags.templates, flags.networkData ?? 'network_data.yaml');
  }
  const bundled = join(packagePath('templates'), 'network_data.yaml');
  if (!existsSync(bundled)) {
    throw new ThtError('no network_data.yaml to read', { hint: 'Pass -n FILE, or -p DIR for a template tree.' });
  }
  return { path: bundled, display: bundled };
}
