/** `tht networks list|show`: option parsing and printing; the work is in src/roles/networks.ts. */
import type { Command } from 'commander';
import { locateTemplates } from '../../api/tree.js';
import { suggestKey } from '../../load/suggest.js';
import { ThtError } from '../../load/errors.js';
import type { LoadedNetworkData } from '../../roles/networks.js';
import { dataFile, jsonText, printWarnings } from '../data-files.js';
import { emitOutput } from '../io.js';
import { addDataOutput, addExamples, addTreeOptions, chosenFormat, type OutputFlags, type TreeFlags } from '../options.js';

interface NetworksFlags extends TreeFlags, OutputFlags {
  output?: string;
}

const withOptions = (cmd: Command): Command => addDataOutput(addTreeOptions(cmd, { networks: true }));

export function registerNetworks(program: Command): void {
  const networks = program.command('networks').description('Show the networks of a network_data.yaml');
  addExamples(networks, [
    ['tht networks list', "the networks of the tree's network_data.yaml"],
    ['tht networks show InternalApi -n network_data_routed.yaml', 'one network of another networks file'],
  ]);
  const list = withOptions(networks.command('list').description('Every network: enabled, VIP, VLAN, MTU, IP versions, subnets'));
  addExamples(list, [
    ['tht networks list -p ~/tripleo-heat-templates', 'name, name_lower, enabled, VIP, VLAN, MTU, IP versions, subnets'],
    ['tht networks list -n network_data_routed.yaml -f json', 'another networks file, as JSON'],
  ]);
  list.action(async function (this: Command, flags: NetworksFlags) {
    const { networks: all } = await load(flags);
    const { networkListText } = await import('../../roles/report.js');
    await emitOutput(chosenFormat(this) === 'json' ? jsonText(all) : networkListText(all), flags.output);
  });
  const show = withOptions(networks.command('show').argument('<name>', 'network name (or name_lower)').description('One network with its subnets, pools, routes, VIP and IPv6 settings'));
  addExamples(show, [
    ['tht networks show InternalApi', 'pools, routes, VIP and IPv6 settings, subnets'],
    ['tht networks show internal_api -n network_data_routed.yaml -f json', 'by name_lower, as JSON'],
  ]);
  show.action(async function (this: Command, name: string, flags: NetworksFlags) {
    const { networks: all } = await load(flags);
    const net = all.find((n) => n.name === name) ?? all.find((n) => n.nameLower === name);
    if (!net) {
      const guess = suggestKey(name, all.map((n) => n.name));
      throw new ThtError(`unknown network "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`, {
        hint: `Networks in the file: ${all.map((n) => n.name).join(', ') || 'none'}.`,
      });
    }
    const { networkShowText } = await import('../../roles/report.js');
    await emitOutput(chosenFormat(this) === 'json' ? jsonText(net) : networkShowText(net), flags.output);
  });
}

async function load(flags: NetworksFlags): Promise<LoadedNetworkData> {
  const file = dataFile(locateTemplates(flags.templates), flags.networkData, 'network_data.yaml', 'networks file');
  const { loadNetworkSummaries } = await import('../../roles/networks.js');
  const loaded = await loadNetworkSummaries(file.path, file.display);
  printWarnings(loaded.warnings, flags);
  return loaded;
}
