// The frame of every sandbox UI page: title, skip link, menu, language switch, the notices of the last action, and the copy script.
import type { Child, FC } from "hono/jsx";
import type { Locale, Notice } from "../../plugin/host-contract/host-contract-types.js";
import { ICON_COLOURS } from "./state-icon.js";
import { uiMessage } from "./ui-messages.js";

export interface PageContext {
  locale: Locale;
  /** The CSP nonce of this response: only the page's own style and script run. */
  nonce: string;
  /** The request's path and query, so the language switch stays on the same page. */
  path: string;
  /** The mock's SMS inbox, when the host runs against the mock. */
  inboxUrl: string | null;
  /** New for every page rendered: its forms carry it (FormToken), so a post repeated from the same page is known. */
  formToken: string;
  /** The shop's IANA time zone: every instant on the page is shown on its clock (formatInstant). */
  timeZone: string;
}

const colourRules = Object.entries(ICON_COLOURS)
  .map(([name, colour]) => `.colour-${name}{color:${colour}}`)
  .join("");

const styles = `
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa;line-height:1.4}
header{background:#0b2e59;color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap}
header a{color:#fff}
header .brand{font-weight:600}
nav ul{list-style:none;display:flex;gap:1rem;margin:0;padding:0}
.lang{margin-left:auto;display:flex;gap:.5rem}
.lang a[aria-current]{font-weight:700;text-decoration:none}
main{padding:1rem 1.5rem;max-width:80rem}
table{border-collapse:collapse;width:100%;background:#fff}
/* Reflow (WCAG 1.4.10): a wide table scrolls inside its own box, never the page, down to 320 CSS px (a phone, 400 % zoom). */
.table-scroll{overflow-x:auto;max-width:100%}
th,td{border-bottom:1px solid #ddd;padding:.45rem .6rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}
tr.deleted td{color:#555}
.num{text-align:right;font-variant-numeric:tabular-nums}
.state{display:inline-flex;gap:.35rem;align-items:center;font-weight:600}
.state-svg{flex:none}
${colourRules}
.link-cell{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.link-cell a,#history a{word-break:break-all;font-family:ui-monospace,monospace;font-size:.85rem}
/* The history fits a 768 px tablet unscrolled: an instant may break between its date and its time, a long Svea order number anywhere. */
.nowrap{white-space:nowrap}
#history tbody th{overflow-wrap:anywhere}
ul.notices{margin:0;padding-left:1.1rem;overflow-wrap:anywhere}
.notice-info{color:#1b1b1b}.notice-warning{color:#7a4b00}.notice-error{color:#b71c1c}
.panel{background:#fff;border:1px solid #ccc;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
.panel.notices-panel{border-color:#0b5cad}
.panel.refusal{border-color:#c62828;background:#fff5f5}
.panel h2{margin-top:0;font-size:1.05rem}
fieldset{border:1px solid #ccc;border-radius:6px;margin:0 0 1rem;padding:.6rem 1rem;background:#fff;min-width:0}
legend{font-weight:600}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.5rem 1rem}
label{display:block;font-size:.85rem;color:#333}
input,select{font:inherit;padding:.3rem .4rem;border:1px solid #767676;border-radius:4px;width:100%}
.rows td input{min-width:4rem}
/* Tighter cells and headers as small as the labels: the order form's eight row columns fit a 768 px tablet unscrolled. */
.rows th,.rows td{padding-left:.3rem;padding-right:.3rem}.rows thead th{font-size:.85rem}
/* So tight, and headers so small, in every table up to a small laptop: the order list (seven columns) and the history (six) fit a 768 px tablet unscrolled too. */
@media (max-width:60rem){th,td{padding-left:.3rem;padding-right:.3rem}thead th{font-size:.85rem}}
button{font:inherit;padding:.4rem .9rem;border-radius:4px;border:1px solid #0b2e59;background:#0b2e59;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b2e59}
button.danger{background:#fff;color:#b71c1c;border-color:#b71c1c}
.actions{display:flex;gap:.8rem;flex-wrap:wrap;align-items:center;margin:.8rem 0}
.actions label{display:inline;font-size:1rem}.actions input{width:7rem}
/* A box to tick is a 24 × 24 CSS px target (WCAG 2.2 SC 2.5.8; the browser's own is 13 × 13), and its label, 44 px tall, ticks it too (2.5.5). */
input[type=checkbox],.actions input[type=checkbox]{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:#0b2e59;cursor:pointer}
input[type=checkbox]+label{cursor:pointer;display:inline-flex;align-items:center;min-height:2.75rem}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,.table-scroll:focus-visible,#refusals:focus,#page-error:focus,#notices:focus,#notice-errors:focus{outline:3px solid #1b1b1b;outline-offset:2px}
header a:focus-visible{outline-color:#fff}
input[aria-invalid=true],select[aria-invalid=true]{border:2px solid #c62828;background:#fff5f5}
.severity{font-weight:700}
/* Targets at least 44 × 44 CSS px (WCAG 2.5.5) at any width: links that stand alone (the header's, a table's, beside a
   button), buttons, fields and selects. A link inside a sentence (a notice's, a refusal's field) keeps its line. */
header a,.actions a,td>a,th>a,.link-cell a,.skip{display:inline-flex;align-items:center;min-height:2.75rem;min-width:2.75rem}
button,input:not([type=checkbox]),select{min-height:2.75rem}
button{min-width:2.75rem}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;color:#000;padding:.3rem .6rem;z-index:1}
.muted{color:#555;font-size:.9rem}
button.busy{cursor:progress;opacity:.8}
button.busy::after{content:"";display:inline-block;width:.8em;height:.8em;margin-left:.45em;vertical-align:-.1em;border:2px solid currentColor;border-right-color:transparent;border-radius:50%;animation:busy-spin 1s linear infinite}
@keyframes busy-spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){button.busy::after{animation:none}}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

// Constant text, not user data, so it is inlined raw. Copy buttons stay hidden without JavaScript (the link itself is
// still there to select). After a post, focus goes to its outcome (what refused it, an error, else the notices), so a
// keyboard or screen-reader user starts there and hears it: each is a region named by its heading and described by its
// messages. None is role=alert: the outcome is on the page as it loads (the post's answer, or the page its redirect
// shows), and an alert there on load is not announced by every screen reader (an alert is reliable only when put into
// a live region already on the page), while focus is. What changes on a page that stays (a post under way, a link
// copied) is written into #page-status, a polite status region there, empty, from the start. A form is sent once per
// page view: the pressed button then says what is under way ("Saving…", from #page-status's data-busy-* texts), looks
// busy and is announced; a second click while the first post is under way does nothing (the server also recognises a
// repeat by the form's token, for posts this script does not see). The button is marked aria-disabled, not disabled: a disabled submitter would drop
// its name and value (mode=rows) from the post.
const pageScript = `(function(){
var pageStatus=document.getElementById("page-status");
document.querySelectorAll("[data-copy]").forEach(function(b){b.hidden=false;});
var outcome=["refusals","page-error","notice-errors","notices"].map(function(id){return document.getElementById(id);}).filter(Boolean)[0];if(outcome)outcome.focus();
document.addEventListener("click",function(e){
  var b=e.target.closest("[data-copy]");if(!b)return;
  var done=function(){b.textContent=b.getAttribute("data-copied");b.setAttribute("aria-label",b.getAttribute("data-copied-name"));pageStatus.textContent=b.getAttribute("data-copied");};
  if(navigator.clipboard){navigator.clipboard.writeText(b.getAttribute("data-copy")).then(done);}
});
var total=document.getElementById("order-total"),orderForm=document.getElementById("order-form");
if(total&&orderForm)orderForm.addEventListener("input",function(e){var n=e.target.name||"";if(/^rows\\./.test(n)||n==="pricesIncludeVat"||n==="currency")total.textContent=total.getAttribute("data-changed");});
document.addEventListener("submit",function(e){
  var f=e.target;if(f.getAttribute("data-sent")){e.preventDefault();return;}
  f.setAttribute("data-sent","1");f.setAttribute("aria-busy","true");
  var m=/\\/(credit|annul|deliver|delete|check-payment|advance)$/.exec(f.getAttribute("action")||"");
  var text=pageStatus.getAttribute("data-busy-"+(m?m[1]:"save"));
  var b=e.submitter||f.querySelector("button");
  if(b){b.setAttribute("data-idle",b.textContent);b.textContent=text;b.setAttribute("aria-disabled","true");b.classList.add("busy");}
  pageStatus.textContent=text;
});
window.addEventListener("pageshow",function(e){
  if(!e.persisted)return;
  document.querySelectorAll("form[data-sent]").forEach(function(f){f.removeAttribute("data-sent");f.removeAttribute("aria-busy");});
  document.querySelectorAll("button[data-idle]").forEach(function(b){b.textContent=b.getAttribute("data-idle");b.removeAttribute("data-idle");b.removeAttribute("aria-disabled");b.classList.remove("busy");});
  pageStatus.textContent="";
});
})();`;

const BUSY_ACTIONS = ["save", "credit", "annul", "deliver", "delete", "check-payment", "advance"] as const;

/** Text in `lang` on a page in `page`: marked, so a screen reader reads it in its own language; else as it is. */
export const InLanguage: FC<{ lang: Locale | undefined; page: Locale; children?: Child }> = ({ lang, page, children }) =>
  lang && lang !== page ? <span lang={lang}>{children}</span> : <>{children}</>;

/** `givenIn`: the language the messages were given in, when not the page's (see InLanguage). */
export const NoticeList: FC<{ notices: readonly Notice[]; locale: Locale; givenIn?: Locale | undefined }> = ({ notices, locale, givenIn }) => (
  <ul class="notices">
    {notices.map((n) => (
      <li class={`notice-${n.severity}`} data-notice={n.code}>
        {/* A warning or an error says so in words, not by its colour alone. */}
        <span class={n.severity === "info" ? "sr-only" : "severity"}>{uiMessage(locale, `severity-${n.severity}`)}: </span>
        <InLanguage lang={givenIn} page={locale}>
          {n.message}
        </InLanguage>
        {n.paymentLink && !n.message.includes(n.paymentLink) && (
          <>
            {" "}
            <a href={n.paymentLink}>{n.paymentLink}</a>
          </>
        )}
      </li>
    ))}
  </ul>
);

/**
 * The notices of the action just done, shown after its redirect (and on its language links: see flash-notices.ts). Errors (a link Svea could not create, a clock
 * that did not move) stand apart, presented as a refusal is; the rest in the notices panel. Each panel is described
 * by its list, so the focus the page script moves there reads the notices out (no role=alert: see the page script).
 */
export const NoticesPanel: FC<{ notices: readonly Notice[]; locale: Locale; givenIn?: Locale | undefined }> = ({ notices, locale, givenIn }) => {
  const errors = notices.filter((n) => n.severity === "error");
  const others = notices.filter((n) => n.severity !== "error");
  return (
    <>
      {errors.length > 0 && (
        <section class="panel refusal" id="notice-errors" aria-labelledby="notice-errors-heading" aria-describedby="notice-errors-list" tabindex={-1}>
          <h2 id="notice-errors-heading">{uiMessage(locale, "notices-errors")}</h2>
          <div id="notice-errors-list">
            <NoticeList notices={errors} locale={locale} givenIn={givenIn} />
          </div>
        </section>
      )}
      {others.length > 0 && (
        <section class="panel notices-panel" id="notices" aria-labelledby="notices-heading" aria-describedby="notices-list" tabindex={-1}>
          <h2 id="notices-heading">{uiMessage(locale, "notices")}</h2>
          <div id="notices-list">
            <NoticeList notices={others} locale={locale} givenIn={givenIn} />
          </div>
        </section>
      )}
    </>
  );
};

/** What the pressed button of each form says while its post is under way, for the page script. */
function busyTexts(locale: Locale): Record<string, string> {
  return Object.fromEntries(BUSY_ACTIONS.map((action) => [`data-busy-${action}`, uiMessage(locale, `busy-${action}`)]));
}

function withLocale(path: string, locale: Locale): string {
  const url = new URL(path, "http://host.invalid");
  url.searchParams.set("locale", locale);
  return `${url.pathname}${url.search}`;
}

export const Layout: FC<{ ctx: PageContext; title: string; children?: Child }> = ({ ctx, title, children }) => {
  const { locale } = ctx;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${uiMessage(locale, "app-title")}`}</title>
        <style nonce={ctx.nonce} dangerouslySetInnerHTML={{ __html: styles }} />
      </head>
      <body>
        <a class="skip" href="#main">
          {uiMessage(locale, "skip-to-content")}
        </a>
        <header>
          <span class="brand">{uiMessage(locale, "app-title")}</span>
          <nav aria-label={uiMessage(locale, "nav-label")}>
            <ul>
              <li>
                <a href="/">{uiMessage(locale, "nav-orders")}</a>
              </li>
              <li>
                <a href="/orders/new" id="nav-new-order">
                  {uiMessage(locale, "nav-new-order")}
                </a>
              </li>
              <li>
                <a href="/picking">{uiMessage(locale, "nav-picking")}</a>
              </li>
              {ctx.inboxUrl && (
                <li>
                  <a href={ctx.inboxUrl} id="nav-inbox">
                    {uiMessage(locale, "nav-inbox")}
                  </a>
                </li>
              )}
            </ul>
          </nav>
          <nav class="lang" aria-label={uiMessage(locale, "language-label")}>
            <a href={withLocale(ctx.path, "sv")} lang="sv" hreflang="sv" id="lang-sv" {...(locale === "sv" ? { "aria-current": "true" } : {})}>
              Svenska
            </a>
            <a href={withLocale(ctx.path, "en")} lang="en" hreflang="en" id="lang-en" {...(locale === "en" ? { "aria-current": "true" } : {})}>
              English
            </a>
          </nav>
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <p class="sr-only" id="page-status" role="status" aria-live="polite" {...busyTexts(locale)}></p>
        <script nonce={ctx.nonce} dangerouslySetInnerHTML={{ __html: pageScript }} />
      </body>
    </html>
  );
};
