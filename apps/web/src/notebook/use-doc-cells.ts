'use client';
import { cellsMap, orderArray, readCells, type PlainCell } from '@protoscope/notebook-doc';
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';

/** The notebook's cells as plain JSON, re-read after every change to the document (local or remote). */
export function useDocCells(doc: Y.Doc | null): PlainCell[] {
  const [cells, setCells] = useState<PlainCell[]>([]);
  useEffect(() => {
    if (!doc) {
      setCells([]);
      return;
    }
    const read = () => setCells(readCells(doc));
    read();
    const cellsRoot = cellsMap(doc);
    const order = orderArray(doc);
    cellsRoot.observeDeep(read);
    order.observe(read);
    return () => {
      cellsRoot.unobserveDeep(read);
      order.unobserve(read);
    };
  }, [doc]);
  return cells;
}
