/** One bar: its label (axis and text alternative) and value. */
export type Bar = { label: string; value: number };

/**
 * A small server-rendered SVG bar chart (no chart library: the dashboard needs bars only, and SVG from the server
 * costs no JavaScript). The chart is one image with a text alternative (WCAG 1.1.1) that lists every bar; pages
 * also offer the numbers as a table. Bars are slate-700 on white (above 3:1, WCAG 1.4.11).
 */
export function BarChart({
  bars,
  label,
  unit,
  height = 120,
  barWidth = 14,
  gap = 4,
  axisEvery = 1,
}: {
  bars: Bar[];
  /** What the chart shows, e.g. "Score distribution of Loops". */
  label: string;
  /** The value's noun for the text alternative, e.g. "students". */
  unit: string;
  height?: number;
  barWidth?: number;
  gap?: number;
  /** Label every nth bar on the axis (all bars are in the text alternative). */
  axisEvery?: number;
}) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const axis = 16;
  const top = 12;
  const plot = height - axis - top;
  const width = bars.length * (barWidth + gap) + gap;
  const alt = `${label}: ${bars.map((b) => `${b.label} ${b.value} ${unit}`).join(", ")}. Highest ${max}.`;
  return (
    <svg role="img" aria-label={alt} viewBox={`0 0 ${width} ${height}`} width={width} height={height} className="max-w-full overflow-visible">
      <line x1={0} x2={width} y1={top + plot} y2={top + plot} stroke="#475569" strokeWidth={1} />
      {bars.map((b, i) => {
        const h = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * plot));
        const x = gap + i * (barWidth + gap);
        return (
          <g key={i}>
            <rect x={x} y={top + plot - h} width={barWidth} height={h} fill="#334155" />
            {b.value > 0 && (
              <text x={x + barWidth / 2} y={top + plot - h - 2} textAnchor="middle" fontSize={9} fill="#0f172a">
                {b.value}
              </text>
            )}
            {i % axisEvery === 0 && (
              <text x={x + barWidth / 2} y={height - 4} textAnchor="middle" fontSize={9} fill="#334155">
                {b.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
