import { describe, expect, it } from 'vitest';
import { timeParams } from './timeParams';

describe('timeParams', () => {
  it('names each time question the query asked, and nothing for a query about now', () => {
    expect(timeParams({ as_of: null, known_at: null })).toBeNull();
    expect(timeParams({})).toBeNull();
    expect(timeParams({ as_of: '2024-05-06T09:30:00Z' })).toMatch(/^true as of .*2024/);
    const both = timeParams({ as_of: '2024-05-06T09:30:00Z', known_at: '2024-06-01T00:00:00Z' });
    expect(both).toMatch(/^true as of .*2024.* · known at .*2024/);
  });
});
