/**
 * Test support: "hosts" on one machine as Linux network namespaces, each joined to this one by a
 * veth pair on its own /24 (this side .1, the namespace .2), so a process started in a namespace
 * reaches services here only over its link — and loses them when the link is taken down. Needs root
 * (or CAP_NET_ADMIN) and `ip`; `netnsSkipReason()` says why not, for tests to skip with.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface TestHost {
  /** The namespace's name (for `ip netns exec`). */
  namespace: string;
  /** This side's address, which the host reaches services at. */
  gatewayAddress: string;
  /** Takes the link down (a partition) or up again. */
  setLink(up: boolean): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

/** Why network namespaces cannot be used here, or undefined. */
export function netnsSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  const probe = `ps-probe-${randomBytes(3).toString('hex')}`;
  const add = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (add.error) return `no ip command (${add.error.message})`;
  if (add.status !== 0) return `cannot create a network namespace (${add.stderr.trim() || `ip exited ${add.status}`}); needs root or CAP_NET_ADMIN`;
  spawnSync('ip', ['netns', 'del', probe]);
  return undefined;
}

/** Creates `count` namespaces on subnets 10.<base+i>.0.0/24; `remove()` deletes them (and their links). */
export function createTestHosts(count: number): { hosts: TestHost[]; remove(): void } {
  const tag = randomBytes(3).toString('hex');
  const base = 100 + (randomBytes(1)[0]! % 100);
  const hosts: TestHost[] = [];
  const created: string[] = [];
  const remove = () => {
    for (const ns of created) spawnSync('ip', ['netns', 'del', ns]);
  };
  try {
    for (let i = 0; i < count; i++) {
      const namespace = `ps-${tag}-${i}`;
      const outside = `ps${tag}o${i}`;
      const inside = `ps${tag}i${i}`;
      const subnet = `10.${base + i}.0`;
      ip('netns', 'add', namespace);
      created.push(namespace);
      ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
      ip('link', 'set', inside, 'netns', namespace);
      ip('addr', 'add', `${subnet}.1/24`, 'dev', outside);
      ip('link', 'set', outside, 'up');
      ip('netns', 'exec', namespace, 'ip', 'addr', 'add', `${subnet}.2/24`, 'dev', inside);
      ip('netns', 'exec', namespace, 'ip', 'link', 'set', inside, 'up');
      ip('netns', 'exec', namespace, 'ip', 'link', 'set', 'lo', 'up');
      hosts.push({ namespace, gatewayAddress: `${subnet}.1`, setLink: (up) => void ip('link', 'set', outside, up ? 'up' : 'down') });
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { hosts, remove };
}
