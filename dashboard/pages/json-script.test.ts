import { describe, expect, it } from 'vitest';
import { jsonForScript } from './json-script';

describe('jsonForScript', () => {
  it('cannot close the script element, whatever the labels hold', () => {
    const text = jsonForScript({ label: '</script><script>alert(1)</script> & <!--' });
    expect(text).not.toMatch(/[<>&]/);
    expect(JSON.parse(text)).toEqual({ label: '</script><script>alert(1)</script> & <!--' });
  });
});
