import { z } from 'zod';
import { defineCell } from '../definition';

export const markdownSpecSchema = z.object({
  source: z.string().default(''),
});

export type MarkdownSpec = z.infer<typeof markdownSpecSchema>;

export const markdownDefinition = defineCell<MarkdownSpec>({
  type: 'markdown',
  title: 'Markdown',
  description: 'Notes: headings, paragraphs, lists, emphasis, code and links.',
  schema: markdownSpecSchema,
  inputs: [],
  outputs: [],
});
