// Instants as the sandbox pages show them: UTC to the minute, the precision a tester reads expiry by.
export const formatInstant = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
