import type { Command } from 'commander';
import { defaultStoreUrl, openStore, ROLES, TrackingError, type Role, type Store } from '@protoscope/tracking';
import { ensureOwner, loginUrl } from '../application/accounts/workspace-owner';
import { UserFacingError } from '../user-facing-error';
import type { CommandModule } from './index';
import { formatTable } from './table';

const DEFAULT_SERVER_URL = 'http://127.0.0.1:4000';

function role(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) throw new UserFacingError(`--role must be one of ${ROLES.join(', ')}, got "${value}"`);
  return value as Role;
}

/** Opens the store, runs `work`, closes it; store errors become one-line messages. */
export async function withStore<T>(storeUrl: string | undefined, work: (store: Store) => Promise<T>): Promise<T> {
  let store: Store | undefined;
  try {
    store = await openStore(storeUrl ?? defaultStoreUrl());
    return await work(store);
  } catch (error) {
    if (error instanceof TrackingError) throw new UserFacingError(error.message);
    throw error;
  } finally {
    await store?.close();
  }
}

/** The first line of standard input (a password piped in, never typed on the command line). */
async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (line === '') throw new UserFacingError('--password-stdin: standard input is empty; pipe the password in, e.g. `printf %s "$PW" | protoscope user …`');
  return line;
}

interface StoreFlag {
  store?: string;
}

/**
 * `protoscope user add|list|remove|role|password|login-url`: the workspace's accounts, run where the
 * store lives. Passwords come from standard input; a user without one signs in through a one-time
 * login link.
 */
export const userCommand: CommandModule = {
  register(program: Command) {
    const user = program.command('user').description('Manage the accounts of the workspace (run where the store lives).');
    const storeOption = ['--store <url>', 'sqlite:PATH or postgres://… (default: PROTOSCOPE_STORE, else sqlite under PROTOSCOPE_HOME)'] as const;

    user
      .command('add')
      .description('Create an account; without --password-stdin it prints a one-time login URL.')
      .argument('<name>', 'sign-in name (letters, digits, _ . @ -)')
      .option('--role <role>', `one of ${ROLES.join(', ')}`, 'editor')
      .option('--password-stdin', 'read the password from the first line of standard input')
      .option('--url <url>', 'address of the server, for the login URL', DEFAULT_SERVER_URL)
      .option(...storeOption)
      .action(async (name: string, flags: StoreFlag & { role: string; passwordStdin?: boolean; url: string }) => {
        const password = flags.passwordStdin ? await passwordFromStdin() : undefined;
        await withStore(flags.store, async (store) => {
          const created = await store.users.create({ name, role: role(flags.role), password });
          process.stdout.write(`created ${created.name} (${created.role})\n`);
          if (!password) {
            const link = await store.loginLinks.create(created.id);
            process.stdout.write(`one-time login URL (valid until ${link.expiresAt.toISOString()}):\n  ${loginUrl(flags.url, link.secret)}\n`);
          }
        });
      });

    user
      .command('list')
      .description('List the accounts.')
      .option('--json', 'print JSON')
      .option(...storeOption)
      .action(async (flags: StoreFlag & { json?: boolean }) => {
        await withStore(flags.store, async (store) => {
          const users = await store.users.list();
          if (flags.json) {
            process.stdout.write(`${JSON.stringify(users)}\n`);
            return;
          }
          const rows = users.map((u) => [u.name, u.role, u.hasPassword ? 'yes' : 'no', u.createdAt.toISOString()]);
          process.stdout.write(users.length === 0 ? 'no accounts yet (protoscope start or protoscope token create makes the owner)\n' : formatTable(['name', 'role', 'password', 'created'], rows));
        });
      });

    user
      .command('remove')
      .description('Delete an account with its sessions and tokens (never the last owner).')
      .argument('<name>', 'the account')
      .option(...storeOption)
      .action(async (name: string, flags: StoreFlag) => {
        await withStore(flags.store, async (store) => {
          await store.users.remove(name);
          process.stdout.write(`removed ${name}\n`);
        });
      });

    user
      .command('role')
      .description('Change the role of an account (the last owner stays owner).')
      .argument('<name>', 'the account')
      .argument('<role>', `one of ${ROLES.join(', ')}`)
      .option(...storeOption)
      .action(async (name: string, newRole: string, flags: StoreFlag) => {
        await withStore(flags.store, async (store) => {
          const changed = await store.users.setRole(name, role(newRole));
          process.stdout.write(`${changed.name} is now ${changed.role}\n`);
        });
      });

    user
      .command('password')
      .description('Set the password of an account, read from standard input.')
      .argument('<name>', 'the account')
      .option(...storeOption)
      .action(async (name: string, flags: StoreFlag) => {
        const password = await passwordFromStdin();
        await withStore(flags.store, async (store) => {
          await store.users.setPassword(name, password);
          process.stdout.write(`password of ${name} set\n`);
        });
      });

    user
      .command('login-url')
      .description('Print a new one-time login URL (default: for the owner, made on a fresh store).')
      .argument('[name]', 'the account (default: the owner)')
      .option('--url <url>', 'address of the server', DEFAULT_SERVER_URL)
      .option('--next <url>', 'page to open once signed in (a page of the notebook UI)')
      .option(...storeOption)
      .action(async (name: string | undefined, flags: StoreFlag & { url: string; next?: string }) => {
        await withStore(flags.store, async (store) => {
          const account = name !== undefined ? await store.users.get(name) : (await ensureOwner(store)).owner;
          const link = await store.loginLinks.create(account.id);
          process.stdout.write(`${loginUrl(flags.url, link.secret, flags.next)}\n`);
        });
      });
  },
};
