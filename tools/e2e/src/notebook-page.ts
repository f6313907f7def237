/**
 * Driving a notebook page in the browser tests: opening it until the live document is connected,
 * opening a cell's shared-text editor, typing into it and reading back what it shows.
 */
import type { Locator, Page } from 'playwright-core';

/** Opens the notebook and waits until its live document is connected and synced and its editors' code is loaded. */
export async function openNotebook(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('notebook').waitFor();
  await page.locator('[data-testid="connection-state"][data-state^="live"]').waitFor();
  await page.locator('[data-testid="notebook"][data-editors-ready="true"]').waitFor();
}

export function cell(page: Page, cellId: string): Locator {
  return page.locator(`[data-cell-id="${cellId}"]`);
}

/** The CodeMirror content element of a cell's shared text field, its editor opened first. */
export async function textEditor(page: Page, cellId: string, field = 'source'): Promise<Locator> {
  const content = cell(page, cellId).locator(`[data-testid="shared-text-${field}"] .cm-content`);
  if ((await content.count()) === 0) await cell(page, cellId).getByRole('button', { name: /^(Edit|Source)$/ }).click();
  await content.waitFor();
  return content;
}

/** What a shared-text editor shows, line by line, without other people's carets and name tags (an empty editor shows only its placeholder). */
export async function editorText(page: Page, cellId: string, field = 'source'): Promise<string> {
  const content = cell(page, cellId).locator(`[data-testid="shared-text-${field}"] .cm-content`);
  return content.evaluate((element) => {
    if (element.querySelector('.cm-placeholder')) return '';
    const copy = element.cloneNode(true) as typeof element;
    for (const widget of Array.from(copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer'))) (widget as { remove(): void }).remove();
    return Array.from(copy.querySelectorAll('.cm-line'), (line: { textContent: string | null }) => line.textContent ?? '').join('\n');
  });
}

/** Places the caret at the end of the editor's text. */
export async function caretToEnd(page: Page, content: Locator): Promise<void> {
  await content.click();
  await page.keyboard.press('Control+End');
}

/** Waits until `read` returns a value `accept` takes (polling), or fails with the last value seen. */
export async function eventually<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await read();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last seen ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
