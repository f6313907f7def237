/** Prototypes grouped by class in class order (unassigned last), at most `perClass` each, by index. */
export interface ClassGroup<P> {
  classIndex: number | null;
  className: string;
  prototypes: P[];
}

export function groupByClass<P extends { index: number; classIndex: number | null; className: string | null }>(
  prototypes: readonly P[],
  perClass: number,
): ClassGroup<P>[] {
  const groups = new Map<number | null, ClassGroup<P>>();
  for (const prototype of [...prototypes].sort((a, b) => a.index - b.index)) {
    let group = groups.get(prototype.classIndex);
    if (!group) {
      group = {
        classIndex: prototype.classIndex,
        className: prototype.className ?? (prototype.classIndex === null ? 'no class' : `class ${prototype.classIndex}`),
        prototypes: [],
      };
      groups.set(prototype.classIndex, group);
    }
    if (group.prototypes.length < perClass) group.prototypes.push(prototype);
  }
  return [...groups.values()].sort((a, b) => (a.classIndex ?? Number.POSITIVE_INFINITY) - (b.classIndex ?? Number.POSITIVE_INFINITY));
}
