import { FOLLOW_UPS_FIELD, followUpPayload, queuedFollowUpPayload, splitFollowUps } from './follow-ups';

describe('follow-up jobs', () => {
  it('takes "then" out of the payload and keeps the rest', () => {
    const payload = { method: 'global', data: 'mammo', [FOLLOW_UPS_FIELD]: [{ kind: 'explain', payload: { methods: ['gradcam'], limit: 4 } }, { kind: 'evaluate', payload: { suites: ['classification'] }, priority: 2 }] };
    expect(splitFollowUps(payload)).toEqual({
      payload: { method: 'global', data: 'mammo' },
      followUps: [
        { kind: 'explain', payload: { methods: ['gradcam'], limit: 4 } },
        { kind: 'evaluate', payload: { suites: ['classification'] }, priority: 2 },
      ],
    });
  });

  it('leaves a payload without follow-ups as it is', () => {
    expect(splitFollowUps({ a: 1 })).toEqual({ payload: { a: 1 }, followUps: [] });
    expect(splitFollowUps(null)).toEqual({ payload: null, followUps: [] });
  });

  it('refuses an unknown kind or a payload its kind refuses, before the job runs', () => {
    expect(() => splitFollowUps({ then: [{ kind: 'explian', payload: {} }] })).toThrow(
      'invalid "then": then[0].kind: unknown job kind "explian"; valid: train, generate-dataset, import-dataset, explain, evaluate, sweep-trial, sweep-advance',
    );
    expect(() => splitFollowUps({ then: [{ kind: 'explain', payload: { methods: ['gradcam'] } }, { kind: 'evaluate', payload: { suites: ['pointing-game'] } }] })).toThrow(
      'invalid "then"[1]: invalid evaluate payload: suites[0]: unknown evaluation suite "pointing-game"; valid: classification, localisation, faithfulness, prototypes, shortcut, lesions',
    );
    expect(() => splitFollowUps({ then: { kind: 'explain' } })).toThrow('invalid "then": then: must be a list of {kind, payload}, got {"kind":"explain"}');
    expect(() => splitFollowUps({ then: [{ kind: 'explain', payload: {}, after: 3 }] })).toThrow('invalid "then": then[0]: "after" is not a field');
  });

  it('gives the run to a follow-up whose kind takes one', () => {
    expect(followUpPayload({ kind: 'explain', payload: { methods: ['gradcam'] } }, 'r1')).toEqual({ methods: ['gradcam'], runId: 'r1' });
    expect(followUpPayload({ kind: 'explain', payload: { methods: ['gradcam'] } }, null)).toEqual({ methods: ['gradcam'] });
    expect(followUpPayload({ kind: 'train', payload: { method: 'global', data: 'd' } }, 'r1')).toEqual({ method: 'global', data: 'd' });
  });

  it('checks the follow-ups of a follow-up and queues them with it (generate, then train, then explain)', () => {
    const train = { kind: 'train', payload: { method: 'global', data: 'demo', epochs: 2, then: [{ kind: 'explain', payload: { methods: ['gradcam'] } }] } };
    expect(splitFollowUps({ n: 10, then: [train] }).followUps).toEqual([train]);
    const queued = queuedFollowUpPayload(train, null);
    expect(queued).toMatchObject({ method: 'global', data: 'demo', epochs: 2, then: [{ kind: 'explain', payload: { methods: ['gradcam'] } }] });
    expect(splitFollowUps(queued).followUps).toEqual([{ kind: 'explain', payload: { methods: ['gradcam'] } }]);
    expect(queuedFollowUpPayload({ kind: 'explain', payload: { methods: ['gradcam'] } }, 'r1')).toMatchObject({ methods: ['gradcam'], runId: 'r1' });
    const misspelt = { kind: 'train', payload: { method: 'global', data: 'demo', then: [{ kind: 'explain', payload: { methods: ['gradcma'] } }] } };
    expect(() => splitFollowUps({ then: [misspelt] })).toThrow(/invalid "then"\[0\]: invalid "then"\[0\]: invalid explain payload: methods\[0\]: unknown explainer "gradcma"/);
  });
});
