'use client';
import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * How far outside the window a cell may be and still be drawn: a cell about to scroll in is ready
 * when it arrives, while the cells further down wait.
 */
export const NEAR_VIEWPORT_MARGIN = '300px 0px';

/**
 * Whether the element has come within NEAR_VIEWPORT_MARGIN of the window — once true, true for good
 * (a drawn table or chart is kept when it scrolls away; drawing it again would cost more). Where the
 * browser has no IntersectionObserver (tests' DOMs, old browsers) everything counts as near.
 */
export function useNearViewport<T extends Element>(): [RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const element = ref.current;
    if (near || element === null) return undefined;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: NEAR_VIEWPORT_MARGIN },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [near]);
  return [ref, near];
}
