import type { Command } from 'commander';
import { TOKEN_SCOPES, type TokenScope } from '@protoscope/tracking';
import { ensureOwner } from '../application/accounts/workspace-owner';
import { UserFacingError } from '../user-facing-error';
import type { CommandModule } from './index';
import { formatTable } from './table';
import { withStore } from './user';

interface TokenFlags {
  store?: string;
  name: string;
  scope: string;
  user?: string;
  json?: boolean;
}

/**
 * `protoscope token create|list|revoke`: API tokens for scripts (`Authorization: Bearer …`) and
 * workers. Run where the store lives, `create` acts for the owner — making the owner account on a
 * fresh store — unless --user names another account. The secret is shown once.
 */
export const tokenCommand: CommandModule = {
  register(program: Command) {
    const token = program.command('token').description('Create, list and revoke API tokens (run where the store lives).');
    const storeOption = ['--store <url>', 'sqlite:PATH or postgres://… (default: PROTOSCOPE_STORE, else sqlite under PROTOSCOPE_HOME)'] as const;

    token
      .command('create')
      .description('Create an API token; the secret is printed once (with --json, the last line is {"token": …, "id": …}).')
      .requiredOption('--name <name>', 'what the token is for (e.g. "nightly sweep")')
      .requiredOption('--scope <scope>', `one of ${TOKEN_SCOPES.join(', ')} (worker: claim jobs and write their results only)`)
      .option('--user <name>', 'the account the token acts for (default: the owner)')
      .option('--json', 'print {"token": …, "id": …} as the last line')
      .option(...storeOption)
      .action(async (flags: TokenFlags) => {
        if (!(TOKEN_SCOPES as readonly string[]).includes(flags.scope)) {
          throw new UserFacingError(`--scope must be one of ${TOKEN_SCOPES.join(', ')}, got "${flags.scope}"`);
        }
        await withStore(flags.store, async (store) => {
          let account;
          if (flags.user !== undefined) account = await store.users.get(flags.user);
          else {
            const { owner, created } = await ensureOwner(store);
            if (created) process.stderr.write(`created the owner account "${owner.name}" (protoscope user login-url prints a sign-in link)\n`);
            account = owner;
          }
          const made = await store.apiTokens.create(account.id, { name: flags.name, scope: flags.scope as TokenScope });
          if (flags.json) {
            process.stdout.write(`${JSON.stringify({ token: made.secret, id: made.token.id })}\n`);
            return;
          }
          process.stdout.write(
            `token "${made.token.name}" (${made.token.scope}, acts for ${account.name} as at most ${account.role}); id ${made.token.id}\n` +
              `${made.secret}\n` +
              'It is shown only now. Send it as `Authorization: Bearer <token>`; revoke it with `protoscope token revoke <id>`.\n',
          );
        });
      });

    token
      .command('list')
      .description('List API tokens (never their secrets).')
      .option('--json', 'print JSON')
      .option(...storeOption)
      .action(async (flags: { store?: string; json?: boolean }) => {
        await withStore(flags.store, async (store) => {
          const [tokens, users] = await Promise.all([store.apiTokens.list(), store.users.list()]);
          const nameOf = new Map(users.map((u) => [u.id, u.name]));
          if (flags.json) {
            process.stdout.write(`${JSON.stringify(tokens.map((t) => ({ ...t, user: nameOf.get(t.userId) })))}\n`);
            return;
          }
          const rows = tokens.map((t) => [t.id, t.name, t.scope, nameOf.get(t.userId) ?? '?', t.createdAt.toISOString(), t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active']);
          process.stdout.write(tokens.length === 0 ? 'no API tokens\n' : formatTable(['id', 'name', 'scope', 'user', 'created', 'state'], rows));
        });
      });

    token
      .command('revoke')
      .description('Revoke an API token: the next request with it is refused and its open websockets close.')
      .argument('<id>', 'the token id (protoscope token list)')
      .option(...storeOption)
      .action(async (id: string, flags: { store?: string }) => {
        await withStore(flags.store, async (store) => {
          const revoked = await store.apiTokens.revoke(id);
          process.stdout.write(`revoked token ${revoked.id} ("${revoked.name}")\n`);
        });
      });
  },
};
