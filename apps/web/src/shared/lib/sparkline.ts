/** SVG path of a series scaled into a `width` x `height` box (y grows downwards), and the scale used. */
export interface Sparkline {
  path: string;
  max: number;
}

/** Lays out `values` (oldest first) as a polyline; the top of the box is the series maximum (at least 1). */
export function sparkline(values: readonly number[], width: number, height: number): Sparkline {
  const max = Math.max(1, ...values);
  if (values.length === 0) return { path: '', max };
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((value, index) => {
    const x = values.length > 1 ? index * step : width;
    const y = height - (Math.max(0, value) / max) * height;
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return { path: `M${points.join(' L')}`, max };
}
