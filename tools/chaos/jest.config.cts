module.exports = {
  displayName: 'chaos',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/tools/chaos',
  // chaos-run.e2e.spec.ts starts the whole system on real ports (27000+) and takes minutes:
  // one file at a time, and the test target runs alone (project.json).
  maxWorkers: 1,
  testTimeout: 400_000,
};
