import { renderPanel } from './svg-chart';

describe('renderPanel', () => {
  it('draws a line per series and skips values that were not measured', () => {
    const svg = renderPanel(
      {
        title: 'a <title>',
        xLabel: 'x',
        yLabel: 'y',
        categories: ['1', '10', '50'],
        series: [
          { name: 'p50', color: '#000', values: [1, 2, null] },
          { name: 'p99', color: '#f00', dashed: true, values: [5, 50, 500] },
        ],
      },
      0,
    );
    expect(svg).toContain('a &lt;title&gt;');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(5);
    expect(svg).toContain('stroke-dasharray');
  });
});
