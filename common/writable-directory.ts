// Checks at start that a folder the process keeps its files in can be written, so a wrong owner fails the start, not every save.
import { access, constants } from "node:fs/promises";
import { inBothLanguages, type BilingualText } from "./bilingual-text.js";
import type { ProblemLocale } from "./field-problem-text.js";

/** A data folder the process cannot write to: named with the user and the missing permission, in one line. */
export class DirectoryNotWritableError extends Error {
  override readonly name = "DirectoryNotWritableError";
  readonly code = "directory-not-writable";
  /** What the folder is for, e.g. "the plugin's data folder" (in English; `messages` has the Swedish too). */
  readonly role: string;
  /** The refusal in Swedish and English; `message` is the English. */
  readonly messages: BilingualText;

  constructor(
    readonly directory: string,
    /** What the folder is for: one text, or one per language. */
    role: string | BilingualText,
    readonly reason: "EACCES" | "EPERM" | "EROFS",
  ) {
    const roles = typeof role === "string" ? { sv: role, en: role } : role;
    const messages = inBothLanguages((locale) => notWritableText(roles[locale], directory, reason, locale));
    super(messages.en);
    this.role = roles.en;
    this.messages = messages;
  }
}

function notWritableText(role: string, directory: string, reason: DirectoryNotWritableError["reason"], locale: ProblemLocale): string {
  if (reason === "EROFS")
    return locale === "sv"
      ? `${role} ${directory} ligger på ett skrivskyddat filsystem: den måste vara skrivbar för att hålla sina filer; montera den skrivbar eller välj en annan mapp`
      : `${role} ${directory} is on a read-only file system: it must be writable to keep its files; mount it read-write or choose another folder`;
  return locale === "sv"
    ? `${role} ${directory} är inte skrivbar för den här processens användare${userName()}: den behöver skriv- (och sök-)rättighet på mappen för att hålla sina filer; gör mappen skrivbar för den användaren (chown eller chmod u+wx) eller välj en annan mapp`
    : `${role} ${directory} is not writable by this process's user${userName()}: it needs write (and search) permission on the folder to keep its files; make the folder writable by that user (chown or chmod u+wx) or choose another folder`;
}

function userName(): string {
  const uid = process.getuid?.();
  return uid === undefined ? "" : ` (uid ${uid})`;
}

/**
 * Throws DirectoryNotWritableError when `directory` exists but this process may not create files in it. A missing
 * folder passes: the caller creates it (and that fails with its own error if its parent is not writable).
 */
export async function requireWritableDirectory(directory: string, role: string | BilingualText): Promise<void> {
  try {
    await access(directory, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") throw new DirectoryNotWritableError(directory, role, code);
    throw error;
  }
}
