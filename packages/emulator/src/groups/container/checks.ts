/**
 * Validation of container service models: containers, ports, volumes, secrets and replica counts.
 */
import type { ContainerDetails, ImageRegistrySecret, Volume } from 'bec-sdk';
import { badRequest, limitExceeded } from '../../errors.js';
import { MAX_REPLICAS_PER_DEPLOYMENT } from './records.js';

/** A Kubernetes DNS label: what container and volume names must be. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
export const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

export function checkVolumes(volumes: Volume): Set<string> {
  const names = new Set<string>();
  const groups: Array<[string, Array<{ name?: string | undefined }> | undefined]> = [
    ['emptyDir', volumes.emptyDir],
    ['configMap', volumes.configMap],
    ['secret', volumes.secret],
    ['volumeClaimTemplates', volumes.volumeClaimTemplates],
  ];
  for (const [group, list] of groups) {
    for (const [i, v] of (list ?? []).entries()) {
      const name = v.name ?? '';
      if (!DNS_LABEL.test(name)) {
        throw badRequest(`Invalid volumes.${group}[${i}].name: must be 1-63 lower-case letters, digits or "-".`);
      }
      if (names.has(name))
        throw badRequest(`Invalid volumes.${group}[${i}].name: the volume ${name} is declared twice.`);
      names.add(name);
    }
  }
  for (const [i, v] of (volumes.volumeClaimTemplates ?? []).entries()) {
    if ((v.storageSize ?? 0) < 1)
      throw badRequest(`Invalid volumes.volumeClaimTemplates[${i}].storageSize: must be at least 1 (GB).`);
  }
  return names;
}

/** Containers of a pod: named uniquely, with an image, non-negative resources, valid ports and mounts. */
export function checkContainers(
  containers: readonly ContainerDetails[] | undefined,
  volumeNames: Set<string>,
): ContainerDetails[] {
  if (!containers || containers.length === 0)
    throw badRequest('Invalid containers: at least one container is required.');
  const names = new Set<string>();
  const ports = new Set<string>();
  return containers.map((c, i) => {
    const at = `containers[${i}]`;
    const name = c.name ?? '';
    if (!DNS_LABEL.test(name)) throw badRequest(`Invalid ${at}.name: must be 1-63 lower-case letters, digits or "-".`);
    if (names.has(name)) throw badRequest(`Invalid ${at}.name: two containers are named ${name}.`);
    names.add(name);
    if (!c.imageAddress) throw badRequest(`Invalid ${at}.imageAddress: an image is required.`);
    for (const field of ['cpu', 'memory', 'gpu'] as const) {
      const v = c[field];
      if (v !== undefined && v < 0) throw badRequest(`Invalid ${at}.${field}: must not be negative.`);
    }
    for (const [j, p] of (c.ports ?? []).entries()) {
      const port = p.containerPort ?? 0;
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw badRequest(`Invalid ${at}.ports[${j}].containerPort: must be from 0 to 65535.`);
      }
      const protocol = (p.protocol || 'TCP').toUpperCase();
      if (!PORT_PROTOCOLS.includes(protocol))
        throw badRequest(`Invalid ${at}.ports[${j}].protocol: must be TCP, UDP or SCTP.`);
      const key = `${protocol}/${port}`;
      if (port !== 0 && ports.has(key))
        throw badRequest(`Invalid ${at}.ports[${j}]: ${key} is already exposed in this pod.`);
      ports.add(key);
    }
    for (const [j, m] of (c.volumeMounts ?? []).entries()) {
      if (!m.name || !volumeNames.has(m.name)) {
        throw badRequest(
          `Invalid ${at}.volumeMounts[${j}].name: no volume named ${JSON.stringify(m.name ?? '')} is declared in volumes.`,
        );
      }
      if (!m.mountPath?.startsWith('/'))
        throw badRequest(`Invalid ${at}.volumeMounts[${j}].mountPath: must be an absolute path.`);
    }
    for (const [j, e] of (c.envs ?? []).entries()) {
      if (!e.name) throw badRequest(`Invalid ${at}.envs[${j}].name: an environment variable needs a name.`);
    }
    return { ...c, imageVersion: c.imageVersion || 'latest' };
  });
}

export function checkSecrets(secrets: readonly ImageRegistrySecret[] | undefined): ImageRegistrySecret[] {
  return (secrets ?? []).map((s, i) => {
    if (!s.name) throw badRequest(`Invalid imageRegistrySecrets[${i}].name: a secret name is required.`);
    return { name: s.name };
  });
}

export function checkReplicas(replicas: number, label: string): void {
  if (replicas > MAX_REPLICAS_PER_DEPLOYMENT) {
    throw limitExceeded(`${label}: at most ${MAX_REPLICAS_PER_DEPLOYMENT} replicas per edge node.`);
  }
}
