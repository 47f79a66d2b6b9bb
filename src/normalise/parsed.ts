/** A normaliser's answer: a value, or a machine code + Japanese message telling the person what to fix. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });

export const fail = <T = never>(code: string, message: string): Parsed<T> => ({ ok: false, code, message });
