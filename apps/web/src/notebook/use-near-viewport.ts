'use client';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { drawInBackground, drawingNow } from './draw-queue';

/**
 * How far outside the window a cell may be and still be drawn at once: a cell about to scroll in is
 * ready when it arrives.
 */
export const NEAR_VIEWPORT_MARGIN = '300px 0px';

/**
 * Whether the element's content should be drawn: at once when it comes within NEAR_VIEWPORT_MARGIN of
 * the window, otherwise when the background queue (draw-queue.ts) gets to it — once true, true for
 * good (a drawn table or chart is kept when it scrolls away). Where the browser has no
 * IntersectionObserver (tests' DOMs, old browsers) everything is drawn at once.
 */
export function useNearViewport<T extends Element>(): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const element = ref.current;
    if (near || element === null) return undefined;
    const leaveQueue = drawInBackground(element, () => setNear(true));
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          drawingNow(element);
          setNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: NEAR_VIEWPORT_MARGIN },
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      leaveQueue();
    };
  }, [near]);
  return [ref, near];
}
