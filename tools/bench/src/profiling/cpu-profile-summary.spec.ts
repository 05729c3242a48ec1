import { packageOf, summariseProfile, type CpuProfile } from './cpu-profile-summary';

describe('summariseProfile', () => {
  const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9, columnNumber: 0 });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', '') },
      { id: 2, callFrame: frame('(idle)', '') },
      { id: 3, callFrame: frame('query', 'file:///w/node_modules/mysql2/lib/connection.js') },
      { id: 4, callFrame: frame('handle', 'file:///w/dist/apps/order/main.js') },
      { id: 5, callFrame: frame('validate', 'file:///w/node_modules/@nestjs/core/router.js') },
    ],
    samples: [2, 3, 3, 4, 5, 2],
    timeDeltas: [1000, 3000, 3000, 2000, 2000, 9000],
  };

  it('adds up self time per function and per package, leaving idle out', () => {
    const summary = summariseProfile(profile, 'order', 'x.cpuprofile');
    expect(summary.totalMs).toBe(10);
    expect(summary.topFunctions[0]).toEqual({ function: 'query', location: 'mysql2/lib/connection.js:10', selfMs: 6, percent: 60 });
    expect(summary.byPackage.map((entry) => entry.package)).toEqual(['mysql2', 'app bundle (order)', '@nestjs/core']);
  });

  it('names packages, node core and pseudo-frames', () => {
    expect(packageOf('node:internal/streams', 'x')).toBe('node core');
    expect(packageOf('', '(garbage collector)')).toBe('(garbage collector)');
  });
});
