export * from './errors';
export * from './initializers';
export * from './names';
export * from './parameter-set';
export * from './seeded-random';
