/**
 * What a caller may do in the workspace, from their role and the credential they used. A token acts
 * with the lesser of its scope and its owner's role: a `read` token of an owner only reads, a `write`
 * token of a viewer still only reads. A `worker` token only claims jobs and writes their results
 * (workers do that through the store), so it reads and writes nothing in the graph.
 */
import type { ShareAccess } from '@protoscope/tracking';
import type { Caller, NotebookAccess } from './gatekeeper';

/** What a door asks of the workspace. */
export type WorkspacePermission = 'read' | 'write' | 'manage';

export function allows(caller: Caller, permission: WorkspacePermission): boolean {
  if (caller.credential === 'worker') return false;
  if (permission === 'read') return true;
  if (caller.credential === 'read') return false;
  if (permission === 'write') return caller.role === 'owner' || caller.role === 'editor';
  return caller.role === 'owner';
}

/** A notebook access level from a share (or the workspace role when there is none), capped by the credential. */
export function notebookAccessOf(caller: Caller, share: ShareAccess | undefined): NotebookAccess {
  if (caller.credential === 'worker') return 'none';
  // Owners manage the workspace: a share never locks them out of a notebook.
  const byRole: NotebookAccess = caller.role === 'owner' || caller.role === 'editor' ? 'write' : 'read';
  const granted: NotebookAccess = caller.role === 'owner' ? 'write' : (share ?? byRole);
  if (caller.credential === 'read' && granted === 'write') return 'read';
  return granted;
}

const RANK: Record<NotebookAccess, number> = { none: 0, read: 1, write: 2 };

export function accessAtLeast(access: NotebookAccess, needed: 'read' | 'write'): boolean {
  return RANK[access] >= RANK[needed];
}
