// One step of the demo story as printed: its type and validator (from schemas/demo/step.schema.json) and its readable line.
import type { FromSchema } from "json-schema-to-ts";
import { SchemaRegistry, type Validator } from "../../common/json-schema-validator.js";
import { schema as stepSchema } from "../../schemas/generated/demo/step.js";
import { schema as linkStateSchema } from "../../schemas/generated/host/link-state.js";

export type DemoStep = FromSchema<typeof stepSchema, { references: [typeof linkStateSchema] }>;

/** Checks a printed step against its schema (the demo checks its own output before printing it). */
export const validateDemoStep: Validator<DemoStep> = new SchemaRegistry([linkStateSchema, stepSchema]).validator<DemoStep>(stepSchema.$id, "strict");

const ICON_MARK: Record<DemoStep["icon"]["colour"], string> = { own: "◐", red: "●", black: "■", grey: "○", normal: "✓" };

/** e.g. `[3/8] pay      demo-1001  paid       ✓ normal  Svea received: status` */
export function readableLine(step: DemoStep, total: number): string {
  const svea = step.sveaCalls.length > 0 ? step.sveaCalls.join(", ") : "nothing";
  const icon = `${ICON_MARK[step.icon.colour]} ${step.icon.colour}`;
  const picking = step.pickable === undefined ? "" : step.pickable ? "  pickable" : "  held back";
  const miss = step.ok ? "" : `  MISSED: expected ${step.expected}`;
  return `[${step.index}/${total}] ${step.step.padEnd(8)} ${step.orderId.padEnd(10)} ${step.state.padEnd(10)} ${icon.padEnd(9)} Svea received: ${svea}${picking}${miss}`;
}
