/**
 * Live events: the store's change notifications (PostgreSQL LISTEN/NOTIFY) wake the pollers that
 * watch what changed — a run's progress on a metric point or status change, a job and the job list
 * on a job change — so subscribers hear within milliseconds instead of at the next poll. When the
 * listening connection comes back after a drop, every poller polls at once to catch up on what was
 * said while nobody listened. SQLite stores have no notifications; the pollers' timers serve alone.
 */
import type { ChangeListener, Store } from '@protoscope/tracking';
import type { PollerHub } from './poller-hub';

export async function wakePollersOnChanges(store: Store, hub: PollerHub): Promise<ChangeListener | undefined> {
  let connectedBefore = false;
  return store.listenForChanges({
    onChange(change) {
      if (change.kind === 'run') hub.wake(`run:${change.id}`);
      else {
        hub.wake(`job:${change.id}`);
        hub.wake('jobs');
      }
    },
    onState(state) {
      if (state !== 'listening') return;
      if (connectedBefore) hub.wakeAll();
      connectedBefore = true;
    },
  });
}
