// Collects what building a Svea order found: refusals (nothing is sent) and notices (fix-ups the clerk is told about).
import type { Locale, Notice, Refusal } from "../host-contract/host-contract-types.js";
import { t, type MessageKey } from "../i18n/index.js";

type Params = Record<string, string | number>;
type Suffix<P extends string> = MessageKey extends infer K ? (K extends `${P}.${infer S}` ? S : never) : never;
export type RefusalCode = Suffix<"refusal">;
export type NoticeCode = Suffix<"notice">;

export class OrderFindings {
  readonly errors: Refusal[] = [];
  readonly notices: Notice[] = [];

  constructor(readonly locale: Locale) {}

  /** A refusal whose code is its catalog key under `refusal.`; `field` names the host field at fault. */
  refuse(code: RefusalCode, field: string | undefined, rule: string, params: Params = {}): void {
    const refusal: Refusal = { code, rule, message: t(this.locale, `refusal.${code}`, params) };
    if (field !== undefined) refusal.field = field;
    this.errors.push(refusal);
  }

  notice(code: NoticeCode, severity: Notice["severity"], field: string | undefined, params: Params = {}): void {
    const notice: Notice = { code, severity, message: t(this.locale, `notice.${code}`, params) };
    if (field !== undefined) notice.field = field;
    this.notices.push(notice);
  }

  text(key: MessageKey, params?: Params): string {
    return t(this.locale, key, params);
  }
}
