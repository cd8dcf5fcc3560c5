// The plugin manifest's type and validator, derived from schemas/plugin/manifest.schema.json (what hosts read before loading).
import type { FromSchema } from "json-schema-to-ts";
import { SchemaRegistry, type Validator } from "../common/json-schema-validator.js";
import { schema as manifestSchema } from "../schemas/generated/plugin/manifest.js";
import { schema as settingsSchema } from "../schemas/generated/plugin/settings.js";

export type PluginManifest = FromSchema<typeof manifestSchema>;

export { manifestSchema as pluginManifestSchema };

const registry = new SchemaRegistry([manifestSchema, settingsSchema]);

/** Strict: a typo in a manifest is refused rather than ignored. */
export const validatePluginManifest: Validator<PluginManifest> = registry.validator<PluginManifest>(manifestSchema.$id, "strict");
