import { isPaginatedOperation, type OperationSpec } from 'bec-sdk/spec';

/**
 * How an operation becomes `bec <group> <action>`.
 *
 * The group is the operation's resource group in kebab-case (`vmService` -> `vm-service`).
 * The action comes from the Go method name:
 *   1. split the name into words (`GetVmServiceList` -> Get Vm Service List);
 *   2. remove the first run of words that names the group's resource (the group's nouns below,
 *      longest first): Get [Vm Service] List -> Get List;
 *   3. `Get … List` becomes `list …`, `Get … Detail(s)` becomes `get …`, and a `Get` that is
 *      really a paginated listing (it has a paginator) becomes `list …`; in the metrics group the
 *      leading `Get` is dropped (the group already says what is read);
 *   4. what is left, in kebab-case, is the action (`create`, `batch-delete`, `update-weight`);
 *   5. a few names are chosen by hand where the rule reads badly (`cli.action` in the SDK's overlay,
 *      packages/sdk/overlay/operations.ts).
 * Names are unique within a group; {@link buildCommandTable} throws if they are not.
 */

/** Word runs that name each group's resource, removed from the Go name (longest first). */
export const GROUP_NOUNS: Readonly<Record<string, readonly string[]>> = {
  containerService: ['Service'],
  metrics: ['Metrics'],
  deployment: ['PodDeployment', 'Deployment'],
  pod: ['Pod'],
  vmService: ['VmService'],
  vmInstance: ['VmServiceInstance', 'VmInstance', 'VirtualMachine', 'VmDeployment', 'Vm'],
  blb: ['Blb'],
  blbListener: ['BlbMonitorPort', 'BlbMonitor'],
  blbBinding: ['BlbBackendPod', 'BlbBindPod', 'BlbBinding', 'Blb'],
  vmImage: ['VmImage', 'Image'],
  node: ['BecAvailableNodeInfoVo'],
  deploySet: ['DeploySet'],
  appBlb: ['AppBlbInstance', 'AppBlb'],
  appBlbListener: ['AppBlbListener', 'Listener'],
  ipGroup: ['IpGroup'],
  ipGroupPolicy: ['IpGroupPolicy'],
  ipGroupMember: ['IpGroupMember'],
  listenerPolicy: ['ListenerPolicy'],
  vpc: ['Vpc'],
  subnet: ['Subnet'],
  route: ['Route'],
};

/** Groups whose actions drop a leading `Get` (every operation of the group reads something). */
const DROP_GET: ReadonlySet<string> = new Set(['metrics']);

/** `GetVmServiceList` -> ['Get', 'Vm', 'Service', 'List']. */
export function splitWords(name: string): string[] {
  return name.match(/[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+/g) ?? [];
}

export function kebab(words: readonly string[]): string {
  return words.map((w) => w.toLowerCase()).join('-');
}

/** `vmService` -> `vm-service`. */
export function groupCommandName(group: string): string {
  return kebab(splitWords(group.charAt(0).toUpperCase() + group.slice(1)));
}

/** `adminPass` -> `admin-pass`, `enableCipTTM` -> `enable-cip-ttm`. */
export function flagName(field: string): string {
  return kebab(splitWords(field));
}

function removeNoun(words: string[], nouns: readonly string[]): string[] {
  for (const noun of nouns) {
    const run = splitWords(noun);
    for (let i = 0; i + run.length <= words.length; i++) {
      if (run.every((w, j) => words[i + j] === w)) return [...words.slice(0, i), ...words.slice(i + run.length)];
    }
  }
  return words;
}

/** The action name the rule gives (before overrides). */
export function ruleActionName(op: Pick<OperationSpec, 'name' | 'group'>): string {
  let words = removeNoun(splitWords(op.name), GROUP_NOUNS[op.group] ?? []);
  if (words[0] === 'Get') {
    const last = words[words.length - 1];
    if (DROP_GET.has(op.group)) words = words.slice(1);
    else if (last === 'List') words = ['list', ...words.slice(1, -1)];
    else if (last === 'Detail' || last === 'Details') words = ['get', ...words.slice(1, -1)];
    else if (isPaginatedOperation(op.name)) words = ['list', ...words.slice(1)];
  }
  return kebab(words);
}

export function actionName(op: Pick<OperationSpec, 'name' | 'group' | 'cli'>): string {
  return op.cli?.action ?? ruleActionName(op);
}

export interface CommandEntry {
  readonly operation: OperationSpec;
  readonly group: string;
  readonly action: string;
}

/** Every operation with its command name, grouped; throws when two names collide in a group. */
export function buildCommandTable(ops: readonly OperationSpec[]): Map<string, CommandEntry[]> {
  const groups = new Map<string, CommandEntry[]>();
  for (const op of ops) {
    const group = groupCommandName(op.group);
    const action = actionName(op);
    const list = groups.get(group) ?? [];
    const clash = list.find((e) => e.action === action);
    if (clash) throw new Error(`bec ${group} ${action}: both ${clash.operation.name} and ${op.name}`);
    list.push({ operation: op, group, action });
    groups.set(group, list);
  }
  return groups;
}
