/**
 * JSON for a `<script type="application/json">` block. The HTML parser does
 * not decode entities inside <script>, so the text goes in unescaped — which
 * is safe only once every character that could end the element or open a
 * comment (< > &) and the JS line separators are written as \u escapes.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
