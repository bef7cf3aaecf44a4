import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** A tiny inline trend line for a series of numbers (e.g. a run metric's last points). */
@Component({
  selector: 'sim-sparkline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './sparkline.html',
  styleUrl: './sparkline.css',
})
export class Sparkline {
  readonly values = input.required<number[]>();
  readonly width = input(80);
  readonly height = input(20);
  readonly name = input('');

  protected readonly points = computed(() =>
    sparklinePoints(this.values(), this.width(), this.height()),
  );
  protected readonly label = computed(() => {
    const v = this.values();
    return v.length
      ? `${this.name()} trend over ${v.length} points, latest ${v[v.length - 1]}`
      : 'no data';
  });
}

/** SVG polyline points for values scaled into a box (1px padding); empty below two values. */
export function sparklinePoints(values: number[], width: number, height: number): string {
  if (values.length < 2) {
    return '';
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = (width - 2) / (values.length - 1);
  return values
    .map((v, i) => {
      const x = 1 + i * step;
      const y = max === min ? height / 2 : 1 + (height - 2) * (1 - (v - min) / span);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
