// The PostgreSQL schema names the plugin's store and the reference host's order book take: written into SQL quoted,
// so only names that need no escaping (the settings schema's `postgres.schema` pattern says the same).

/** Lower-case letters, digits and underscores, not starting with a digit, at most 63 characters (PostgreSQL's limit). */
export const PG_SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function isPgSchemaName(name: string): boolean {
  return PG_SCHEMA_NAME.test(name);
}
