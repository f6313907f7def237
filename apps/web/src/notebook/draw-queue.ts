'use client';
/**
 * The order in which a notebook's cells are drawn: cells near the window at once; the others one at a
 * time in the background, each when the browser is idle and every cell let through before it is drawn,
 * so the first screen's queries and plots never wait behind the cells below it, and a notebook left
 * open still ends up drawn whole (scripts and readers that never scroll see every cell).
 */

/** A cell that sets no marker (or whose query hangs) holds the queue this long at most. */
const MAX_WAIT_MS = 3000;

interface Waiting {
  element: Element;
  release(): void;
}

const waiting: Waiting[] = [];
const drawing = new Map<Element, number>();
let scheduled = false;

/** Drawn: its renderer is marked data-ready (data shown, or its error) and so is each of its charts. */
function isDrawn(element: Element): boolean {
  return element.querySelector('[data-ready]') !== null && Array.from(element.querySelectorAll('.chart')).every((chart) => chart.hasAttribute('data-ready'));
}

function schedule(): void {
  if (scheduled || (waiting.length === 0 && drawing.size === 0)) return;
  scheduled = true;
  if (typeof requestIdleCallback === 'function') requestIdleCallback(tick, { timeout: 500 });
  else setTimeout(tick, 50);
}

function tick(): void {
  scheduled = false;
  const now = Date.now();
  for (const [element, since] of drawing) {
    if (!element.isConnected || isDrawn(element) || now - since > MAX_WAIT_MS) drawing.delete(element);
  }
  if (drawing.size === 0 && waiting.length > 0) {
    // The next cell down the page.
    waiting.sort((a, b) => (a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const next = waiting.shift()!;
    drawing.set(next.element, now);
    next.release();
  }
  schedule();
}

/** A cell near the window is being drawn now: background cells wait for it. */
export function drawingNow(element: Element): void {
  const index = waiting.findIndex((w) => w.element === element);
  if (index >= 0) waiting.splice(index, 1);
  drawing.set(element, Date.now());
  schedule();
}

/**
 * Queues a cell to be drawn in the background; returns what takes it out of the queue (a cell being
 * drawn stays watched until it is drawn or leaves the page).
 */
export function drawInBackground(element: Element, release: () => void): () => void {
  const entry = { element, release };
  waiting.push(entry);
  schedule();
  return () => {
    const index = waiting.indexOf(entry);
    if (index >= 0) waiting.splice(index, 1);
  };
}
