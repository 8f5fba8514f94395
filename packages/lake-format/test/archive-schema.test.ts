// The column descriptions become Glue column comments (infra/lib/glue-schema.ts), which Glue refuses above
// 255 characters (AWS Glue API, Column.Comment; CloudFormation AWS::Glue::Table Column: Maximum 255):
// a longer one would fail the deploy, not a test, unless this catches it.
import { describe, expect, it } from '@jest/globals';
import { ARCHIVE_COLUMNS, PARTITION_KEYS } from '../src/index.js';

const GLUE_COMMENT_MAX = 255;

describe('column descriptions', () => {
  it.each([...ARCHIVE_COLUMNS, ...PARTITION_KEYS].map((c) => [c.name, c.description]))('%s fits a Glue column comment', (_name, description) => {
    expect(description.length).toBeLessThanOrEqual(GLUE_COMMENT_MAX);
  });
});
