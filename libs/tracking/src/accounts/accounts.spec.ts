import { createHash, scryptSync } from 'node:crypto';
import { InvalidInputError, LastOwnerError, UnknownApiTokenError, UnknownNotebookError, UnknownUserError } from '../errors';
import { describeEachStore, useFreshStore } from '../test-support/store-factories';
import { hashPassword, verifyPassword } from './secrets';

describe('password hashes', () => {
  it('are scrypt with the parameters they name, checked against node:crypto directly', async () => {
    const stored = await hashPassword('correct horse battery');
    const [scheme, N, r, p, salt, key] = stored.split('$');
    expect([scheme, N, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    const expected = scryptSync('correct horse battery', Buffer.from(salt, 'base64'), 64, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    expect(Buffer.from(key, 'base64').equals(expected)).toBe(true);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
    // A new salt each time: the same password never hashes the same.
    expect(await hashPassword('correct horse battery')).not.toBe(stored);
  });
});

describeEachStore('accounts', (factory) => {
  const current = useFreshStore(factory);

  it('creates users, checks passwords, changes roles; names are unique', async () => {
    const { store } = current();
    const ada = await store.users.create({ name: 'ada', role: 'owner', password: 'analytical engine' });
    expect(ada).toMatchObject({ name: 'ada', role: 'owner', hasPassword: true });
    const bob = await store.users.create({ name: 'bob', role: 'viewer' });
    expect(bob.hasPassword).toBe(false);
    expect((await store.users.list()).map((u) => u.name)).toEqual(['ada', 'bob']);
    expect((await store.users.checkPassword('ada', 'analytical engine'))?.id).toBe(ada.id);
    expect(await store.users.checkPassword('ada', 'analytical engin')).toBeUndefined();
    expect(await store.users.checkPassword('bob', 'anything at all')).toBeUndefined();
    expect(await store.users.checkPassword('nobody', 'analytical engine')).toBeUndefined();
    await store.users.setPassword('bob', 'bobs password');
    expect((await store.users.checkPassword('bob', 'bobs password'))?.name).toBe('bob');
    expect((await store.users.setRole('bob', 'editor')).role).toBe('editor');
    expect((await store.users.get(bob.id)).name).toBe('bob');
    await expect(store.users.create({ name: 'ada', role: 'viewer' })).rejects.toThrow(/already exists/);
    await expect(store.users.create({ name: 'has space', role: 'viewer' })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(store.users.create({ name: 'carol', role: 'viewer', password: 'short' })).rejects.toThrow(/at least 8/);
    await expect(store.users.create({ name: 'carol', role: 'admin' as never })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(store.users.get('nobody')).rejects.toBeInstanceOf(UnknownUserError);
    // The database never holds the password itself.
    const rows = await store.database.selectFrom('users').select('password_hash').execute();
    expect(rows.map((r) => r.password_hash).join()).not.toContain('analytical');
  });

  it('never removes or demotes the last owner', async () => {
    const { store } = current();
    await store.users.create({ name: 'ada', role: 'owner' });
    await store.users.create({ name: 'bob', role: 'editor' });
    await expect(store.users.remove('ada')).rejects.toBeInstanceOf(LastOwnerError);
    await expect(store.users.setRole('ada', 'viewer')).rejects.toThrow(/last owner/);
    expect((await store.users.firstOwner())?.name).toBe('ada');
    await store.users.setRole('bob', 'owner');
    await store.users.setRole('ada', 'viewer');
    expect((await store.users.firstOwner())?.name).toBe('bob');
    await expect(store.users.remove('bob')).rejects.toBeInstanceOf(LastOwnerError);
    await store.users.remove('ada');
    expect((await store.users.list()).map((u) => u.name)).toEqual(['bob']);
  });

  it('keeps an owner when two owners are demoted at the same moment', async () => {
    const { store } = current();
    await store.users.create({ name: 'ada', role: 'owner' });
    await store.users.create({ name: 'bob', role: 'owner' });
    const outcomes = await Promise.allSettled([store.users.setRole('ada', 'editor'), store.users.setRole('bob', 'editor')]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(LastOwnerError);
    expect((await store.users.list()).filter((u) => u.role === 'owner')).toHaveLength(1);
  });

  it('keeps sessions hashed; they end on sign-out, expiry and removal of the user', async () => {
    const { store, clock } = current();
    clock.set(1_000_000);
    await store.users.create({ name: 'ada', role: 'owner' });
    const bob = await store.users.create({ name: 'bob', role: 'viewer' });
    const { secret, session } = await store.sessions.create(bob.id, { ttlMs: 60_000 });
    expect(secret).toMatch(/^pss_[A-Za-z0-9_-]{43}$/);
    expect(session.expiresAt).toEqual(new Date(1_060_000));
    const stored = await store.database.selectFrom('sessions').select('secret_hash').executeTakeFirstOrThrow();
    expect(stored.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect((await store.sessions.find(secret))?.user.name).toBe('bob');
    expect(await store.sessions.find(`${secret}x`)).toBeUndefined();
    clock.set(1_060_000);
    expect(await store.sessions.find(secret)).toBeUndefined();
    expect(await store.sessions.isLive(session.id)).toBe(false);
    const second = await store.sessions.create(bob.id);
    expect(await store.sessions.isLive(second.session.id)).toBe(true);
    await store.sessions.end(second.session.id);
    expect(await store.sessions.find(second.secret)).toBeUndefined();
    const third = await store.sessions.create(bob.id);
    await store.users.remove('bob');
    expect(await store.sessions.find(third.secret)).toBeUndefined();
  });

  it('scopes API tokens, lists them without secrets and revokes them', async () => {
    const { store } = current();
    const ada = await store.users.create({ name: 'ada', role: 'owner' });
    const read = await store.apiTokens.create(ada.id, { name: 'notebook script', scope: 'read' });
    const worker = await store.apiTokens.create(ada.id, { name: 'gpu box', scope: 'worker' });
    expect(read.secret).toMatch(/^pst_/);
    expect(await store.apiTokens.find(read.secret)).toMatchObject({ token: { name: 'notebook script', scope: 'read' }, user: { name: 'ada' } });
    expect((await store.apiTokens.list({ userId: ada.id })).map((t) => t.scope).sort()).toEqual(['read', 'worker']);
    expect(JSON.stringify(await store.apiTokens.list())).not.toContain(read.secret);
    const revoked = await store.apiTokens.revoke(worker.token.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await store.apiTokens.find(worker.secret)).toBeUndefined();
    expect(await store.apiTokens.isLive(worker.token.id)).toBe(false);
    expect(await store.apiTokens.isLive(read.token.id)).toBe(true);
    await expect(store.apiTokens.revoke(worker.token.id)).rejects.toBeInstanceOf(UnknownApiTokenError);
    await expect(store.apiTokens.create(ada.id, { name: 'x', scope: 'admin' as never })).rejects.toThrow(/scope must be one of read, write, worker/);
    await expect(store.apiTokens.create('nobody', { name: 'x', scope: 'read' })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('signs in once with a login link, never twice, never after it expires', async () => {
    const { store, clock } = current();
    clock.set(5_000);
    const ada = await store.users.create({ name: 'ada', role: 'owner' });
    const link = await store.loginLinks.create(ada.id, { ttlMs: 1000 });
    expect(link.secret).toMatch(/^psl_/);
    const [first, second] = await Promise.all([store.loginLinks.consume(link.secret), store.loginLinks.consume(link.secret)]);
    expect([first?.name, second?.name].sort()).toEqual(['ada', undefined]);
    const late = await store.loginLinks.create(ada.id, { ttlMs: 1000 });
    clock.set(6_000);
    expect(await store.loginLinks.consume(late.secret)).toBeUndefined();
    expect(await store.loginLinks.consume('psl_unknown')).toBeUndefined();
  });

  it('records notebook shares, replaced by a new share and gone with the notebook', async () => {
    const { store } = current();
    const bob = await store.users.create({ name: 'bob', role: 'viewer' });
    const nb = await store.notebooks.create({ title: 'review' });
    expect(await store.shares.access(nb.id, bob.id)).toBeUndefined();
    await store.shares.grant(nb.id, bob.id, 'write');
    await store.shares.grant(nb.id, bob.id, 'none');
    expect(await store.shares.access(nb.id, bob.id)).toBe('none');
    expect((await store.shares.ofNotebook(nb.id)).map((s) => [s.userId, s.access])).toEqual([[bob.id, 'none']]);
    expect(await store.shares.ofUser(bob.id)).toEqual(new Map([[nb.id, 'none']]));
    await store.shares.revoke(nb.id, bob.id);
    expect(await store.shares.access(nb.id, bob.id)).toBeUndefined();
    await store.shares.grant(nb.id, bob.id, 'read');
    await store.notebooks.delete(nb.id);
    expect(await store.shares.ofUser(bob.id)).toEqual(new Map());
    await expect(store.shares.grant('missing', bob.id, 'read')).rejects.toBeInstanceOf(UnknownNotebookError);
    await expect(store.shares.grant(nb.id, bob.id, 'admin' as never)).rejects.toBeInstanceOf(InvalidInputError);
  });
});
