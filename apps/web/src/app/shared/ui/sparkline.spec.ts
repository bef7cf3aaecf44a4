import { sparklinePoints } from './sparkline';

describe('sparklinePoints', () => {
  it.each([
    [[], ''],
    [[5], ''],
    [[0, 10], '1.0,19.0 79.0,1.0'],
    [[10, 0], '1.0,1.0 79.0,19.0'],
    [[3, 3, 3], '1.0,10.0 40.0,10.0 79.0,10.0'],
  ])('%p → %p', (values, points) => {
    expect(sparklinePoints(values, 80, 20)).toBe(points);
  });
});
