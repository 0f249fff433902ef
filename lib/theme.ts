/**
 * Lantern's look in one place: the palette and type that app/globals.css gives Tailwind (`@theme`, checked equal by
 * lib/theme.test.ts), and the stylesheet of the pages rendered outside the React tree (LTI launch refusals,
 * registration results, the auto-posting launch pages: lib/lti/html.ts), so those look like the rest of the app —
 * the same slim header with the Lantern wordmark as components/shell.tsx, the same colours, fonts and focus ring.
 */
export const THEME = {
  colors: {
    "lantern-50": "#fff8eb",
    "lantern-100": "#fdeac6",
    "lantern-600": "#b45309",
    "lantern-700": "#92400e",
  },
  // Tailwind's slate shades the app uses for text, borders and panels.
  slate: { 100: "#f1f5f9", 200: "#e2e8f0", 300: "#cbd5e1", 600: "#475569", 700: "#334155", 900: "#0f172a" },
  fontSans: 'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontMono: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
} as const;

const { colors: c, slate: s } = THEME;

/** The stylesheet of a standalone page (no Tailwind there): Shell's header and content column, and its buttons. */
export const STANDALONE_CSS = [
  `*{box-sizing:border-box}html{color-scheme:light}`,
  `body{margin:0;font-family:${THEME.fontSans};color:${s[900]};background:#fff;line-height:1.5;-webkit-font-smoothing:antialiased}`,
  `header{border-bottom:1px solid ${s[200]}}header div,main{max-width:64rem;margin:0 auto;padding:.5rem 1rem}`,
  `header a{font-weight:600;color:${c["lantern-700"]};text-decoration:none;font-size:.875rem}`,
  `main{padding-top:1.5rem;padding-bottom:1.5rem}main>*{max-width:42rem}`,
  `h1{font-size:1.25rem;font-weight:600;margin:0 0 .75rem}h2{font-size:1rem;font-weight:600;margin:1.5rem 0 .5rem}`,
  `p,li{color:${s[700]}}ul,ol{padding-left:1.5rem}a{color:${c["lantern-700"]}}`,
  `code{font-family:${THEME.fontMono};background:${s[100]};padding:0 .25rem;border-radius:.25rem;overflow-wrap:anywhere}`,
  `.note{border:1px solid ${s[200]};border-radius:.5rem;padding:.75rem 1rem;margin-top:1.5rem;font-size:.875rem}`,
  `a.button,button{display:inline-block;background:${c["lantern-700"]};color:#fff;border:0;border-radius:.25rem;`,
  `padding:.5rem 1rem;text-decoration:none;font:inherit;font-weight:500;cursor:pointer}`,
  `a.button:hover,button:hover{background:${c["lantern-600"]}}`,
  `:focus-visible{outline:2px solid ${c["lantern-600"]};outline-offset:2px}`,
].join("");
