// For tests of local time: a block run with the process in one time zone.
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';

/** Runs a block with the process in a time zone; checks it took, so a test cannot pass in UTC by accident. */
export function inZone(tz: string, januaryOffsetMinutes: number, body: () => void) {
  describe(`in ${tz}`, () => {
    beforeAll(() => {
      // Node applies a new TZ to Date at once.
      vi.stubEnv('TZ', tz);
      expect(new Date(2024, 0, 15).getTimezoneOffset()).toBe(januaryOffsetMinutes);
    });
    afterAll(() => {
      vi.unstubAllEnvs();
    });
    body();
  });
}
