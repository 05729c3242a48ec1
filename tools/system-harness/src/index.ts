export * from './service-catalog';
export * from './system-launcher';
export * from './system-under-test';
export * from './query-rows';
export * from './parent-exit';
export * from './busy-ports';
