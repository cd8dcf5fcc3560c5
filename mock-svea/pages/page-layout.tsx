// The HTML frame every page of the mock shares: small inline styles, no scripts, no front-end build.
// (No quotes in the styles: the JSX text escapes them. A cell shows its data-label before it on a phone.)
import type { Child } from "hono/jsx";

const STYLE = `
body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;overflow-wrap:break-word}
header{border-bottom:3px solid #00325c;margin-bottom:1rem}header p{color:#555;margin:.2rem 0 .6rem}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{padding:.35rem .5rem;border-bottom:1px solid #ddd;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}tfoot td{font-weight:600}
.notice{padding:1rem;border-radius:.4rem;background:#fff4e5;border:1px solid #f0b45a}
.ok{background:#e9f7ef;border-color:#58b07f}
form{display:inline-block;margin:.5rem 1rem .5rem 0}fieldset{border:1px solid #ccc;border-radius:.4rem}
fieldset label{display:flex;align-items:center;gap:.6rem;min-height:2.75rem}input[type=radio]{width:1.25rem;height:1.25rem;margin:0}
button{font-size:1rem;min-height:2.75rem;min-width:2.75rem;padding:.5rem 1.2rem;border-radius:.4rem;border:1px solid #00325c;background:#00325c;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#00325c}.muted{color:#666;font-size:.9rem}
:focus-visible{outline:3px solid #00325c;outline-offset:2px}
.error{color:#a4000f;font-weight:600;margin:.3rem 0}[aria-invalid=true]{accent-color:#a4000f}fieldset.invalid{border-color:#a4000f}
@media (max-width:30rem){
body{margin:1rem auto}
table.stack thead{display:none}
table.stack tr{display:block;border-bottom:1px solid #ddd;padding:.35rem 0}table.stack tfoot tr{display:flex;justify-content:space-between;gap:1rem}
table.stack td{display:flex;justify-content:space-between;gap:1rem;border:0;padding:.1rem 0;text-align:left}table.stack td.whole{display:block;overflow-wrap:anywhere}table.stack td.num{white-space:nowrap}
table.stack td[data-label]::before{content:attr(data-label);margin-right:.4em;color:#555;font-weight:400}
}
`;

export function PageLayout(props: { title: string; lang: string; mockNotice: string; children?: Child }) {
  return (
    <html lang={props.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <header>
          <h1>Svea Instore</h1>
          <p>{props.mockNotice}</p>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}
