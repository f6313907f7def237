import { z } from 'zod';
import { defineCell } from '../definition';

export const markdownSpecSchema = z.object({
  source: z.string().default(''),
});

export type MarkdownSpec = z.infer<typeof markdownSpecSchema>;

export const markdownDefinition = defineCell<MarkdownSpec>({
  type: 'markdown',
  title: 'Markdown',
  description: 'Notes in Markdown: headings, lists, emphasis, code, links and tables.',
  schema: markdownSpecSchema,
  inputs: [],
  outputs: [],
});
